package com.example.contactsync.console;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import com.example.contactsync.operations.RestartDate;
import com.example.contactsync.operations.SyncRunner;

/**
 * The runs list and a run's page: its partitions (refreshed while it runs), its failures
 * by code, its throughput.
 */
@Controller
@ConditionalOnConsole
class RunsController {

	static final List<String> STATUSES = List.of("COMPLETED", "FAILED", "STOPPED", "STARTED", "STOPPING", "ABANDONED",
			"UNKNOWN");

	private final RunPages pages;

	private final SyncRunner runner;

	RunsController(RunPages pages, SyncRunner runner) {
		this.pages = pages;
		this.runner = runner;
	}

	@GetMapping({ "/console", "/console/" })
	String home() {
		return "redirect:/console/runs";
	}

	@GetMapping("/console/runs")
	String runs(@RequestParam(required = false) String status,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
		String chosen = (status != null && STATUSES.contains(status)) ? status : null;
		model.addAttribute("runs", this.pages.runs(chosen, from, to));
		model.addAttribute("statuses", STATUSES);
		model.addAttribute("status", chosen);
		model.addAttribute("from", from);
		model.addAttribute("to", to);
		return "console/runs";
	}

	@GetMapping("/console/runs/{id}")
	String run(@PathVariable long id, Model model) {
		RunPages.RunRow run = withPartitions(id, model);
		model.addAttribute("failures", this.pages.failures(id));
		model.addAttribute("throughput", this.pages.throughput(id));
		model.addAttribute("restartable", (run.status().equals("FAILED") || run.status().equals("STOPPED"))
				&& RestartDate.of(this.runner).map((date) -> run.label().startsWith(date.toString())).orElse(false));
		return "console/run";
	}

	/** The partitions table alone, which the run's page fetches again while it runs. */
	@GetMapping("/console/runs/{id}/partitions")
	String partitions(@PathVariable long id, Model model) {
		withPartitions(id, model);
		return "console/run :: partitions";
	}

	private RunPages.RunRow withPartitions(long id, Model model) {
		RunPages.RunRow run = this.pages.run(id);
		if (run == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no run " + id);
		}
		model.addAttribute("run", run);
		model.addAttribute("partitions", this.pages.partitions(id));
		return run;
	}

}
