package com.example.contactsync.console;

import java.util.List;
import java.util.Objects;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.example.contactsync.operations.OperationsQueries;

/**
 * One contact's whole story: every change of it in order, every call that carried each
 * ({@code show}'s query), and its state now. The key is its external id or Dustess id.
 */
@Controller
@ConditionalOnConsole
class ContactController {

	private final ConsoleQueries queries;

	private final OperationsQueries operations;

	ContactController(ConsoleQueries queries, OperationsQueries operations) {
		this.queries = queries;
		this.operations = operations;
	}

	@GetMapping("/console/contacts")
	String contact(@RequestParam(required = false) String key, Model model) {
		String trimmed = (key != null) ? key.trim() : "";
		model.addAttribute("key", RunPages.mask(trimmed));
		if (!trimmed.isEmpty()) {
			List<OperationsQueries.ChangeHistory> changes = this.queries.contactChanges(trimmed)
				.stream()
				.map(this.operations::change)
				.filter(Objects::nonNull)
				.map(ContactController::masked)
				.toList();
			model.addAttribute("changes", changes);
			model.addAttribute("state", changes.isEmpty() ? null : changes.get(changes.size() - 1).state());
			model.addAttribute("requeueable", OperationsQueries.REQUEUEABLE);
		}
		return "console/contact";
	}

	private static OperationsQueries.ChangeHistory masked(OperationsQueries.ChangeHistory change) {
		return new OperationsQueries.ChangeHistory(change.changeId(), RunPages.mask(change.customerId()),
				RunPages.mask(change.externalId()), change.state(), change.attempts(), change.lastCode(),
				RunPages.mask(change.lastMessage()), change.createdAt(), change.attemptedAt(), change.syncedAt(),
				change.outcomes()
					.stream()
					.map((o) -> new OperationsQueries.OutcomeRow(o.run(), o.runDate(), o.callId(), o.requestIndex(),
							o.outcome(), o.code(), RunPages.mask(o.message()), RunPages.mask(o.contactId()),
							o.recordedAt()))
					.toList());
	}

}
