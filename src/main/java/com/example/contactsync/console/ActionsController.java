package com.example.contactsync.console;

import java.security.Principal;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The actions, for operators only: {@code GET} shows what one would touch and asks for
 * confirmation, {@code POST} (with the CSRF token of that page) does it and says what it
 * did.
 */
@Controller
@ConditionalOnConsole
class ActionsController {

	private final ConsoleActions actions;

	ActionsController(ConsoleActions actions) {
		this.actions = actions;
	}

	@GetMapping("/console/actions/{action}")
	String confirm(@PathVariable String action, @RequestParam(required = false) Long run,
			@RequestParam(required = false) Integer code, @RequestParam(required = false) Long change,
			@RequestParam(required = false) String back, Model model) {
		ConsoleActions.Plan plan = this.actions.plan(action(action), selection(action, run, code, change));
		model.addAttribute("plan", plan);
		model.addAttribute("run", run);
		model.addAttribute("code", code);
		model.addAttribute("change", change);
		model.addAttribute("back", back(back));
		return "console/confirm";
	}

	@PostMapping("/console/actions/{action}")
	String act(@PathVariable String action, @RequestParam(required = false) Long run,
			@RequestParam(required = false) Integer code, @RequestParam(required = false) Long change,
			@RequestParam(required = false) String back, Principal principal, Model model) {
		model.addAttribute("done",
				this.actions.perform(action(action), selection(action, run, code, change), principal.getName()));
		model.addAttribute("back", back(back));
		return "console/done";
	}

	private static ConsoleActions.Action action(String name) {
		try {
			return ConsoleActions.Action.valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such action");
		}
	}

	private static ConsoleActions.Selection selection(String action, Long run, Integer code, Long change) {
		ConsoleActions.Selection selection = new ConsoleActions.Selection(run, code, change);
		if (action.equalsIgnoreCase("requeue") && selection.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Choose a run, a code or a change");
		}
		return selection;
	}

	/** Where to go back to: a page of the console, else the runs. */
	private static String back(String back) {
		return (back != null && back.startsWith("/console/") && !back.contains("//")) ? back : "/console/runs";
	}

}
