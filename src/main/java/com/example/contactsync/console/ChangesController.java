package com.example.contactsync.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.example.contactsync.monitoring.RunFacts;
import com.example.contactsync.monitoring.RunFactsQueries;
import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * The pages about changes. The backlog: the changes per state and the oldest waiting one
 * (the gauges' own query, {@link RunFactsQueries}), and what the last runs took, as a
 * chart. A contact: every change of it in order, every call that carried each, with the
 * partition that made the call ({@code show}'s query), and its state now; the key is its
 * external id or Dustess id.
 */
@Controller
@ConditionalOnConsole
class ChangesController {

	static final int RUNS = 30;

	private final RunFactsQueries facts;

	private final RunHistory history;

	private final ConsoleQueries queries;

	private final OperationsQueries operations;

	ChangesController(RunFactsQueries facts, RunHistory history, ConsoleQueries queries, OperationsQueries operations) {
		this.facts = facts;
		this.history = history;
		this.queries = queries;
		this.operations = operations;
	}

	@GetMapping("/console/backlog")
	String backlog(Model model) {
		RunFactsQueries.Backlog now = this.facts.backlog();
		model.addAttribute("states", RunFacts.STATES);
		model.addAttribute("changes", now.changes());
		model.addAttribute("oldestWaiting", now.oldestWaitingCreated());
		// each run by its id, as the runs list reads them: the view narrowed to one run
		// at a time, never aggregated whole
		List<RunSummary> runs = new ArrayList<>(this.queries.runIds(null, null, null, RUNS)
			.stream()
			.map(this.history::find)
			.filter(Objects::nonNull)
			.toList());
		java.util.Collections.reverse(runs);
		// [label, succeeded, failed, rejected, unknown] per run, oldest first
		Map<String, List<Number>> series = new LinkedHashMap<>();
		series.put("succeeded", runs.stream().<Number>map(RunSummary::succeeded).toList());
		series.put("failed", runs.stream().<Number>map(RunSummary::failed).toList());
		series.put("rejected", runs.stream().<Number>map(RunSummary::rejected).toList());
		series.put("unknown", runs.stream().<Number>map(RunSummary::unknown).toList());
		model.addAttribute("chart", new Chart("changes", runs.stream().map(RunSummary::label).toList(), series));
		return "console/backlog";
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
				.map(ChangesController::masked)
				.toList();
			model.addAttribute("changes", changes);
			model.addAttribute("state", changes.isEmpty() ? null : changes.get(changes.size() - 1).state());
			model.addAttribute("requeueable", OperationsQueries.REQUEUEABLE);
		}
		return "console/contact";
	}

	/**
	 * The partition of an outcome as the run's page names it ({@code partition 1}); its
	 * step execution's id once the run's steps are purged; {@code null} in rows from
	 * before V26 kept it.
	 */
	private static String partition(OperationsQueries.OutcomeRow outcome) {
		if (outcome.partition() != null) {
			return RunPages.label(outcome.partition());
		}
		return (outcome.stepExecutionId() != null) ? "step " + outcome.stepExecutionId() : null;
	}

	private static OperationsQueries.ChangeHistory masked(OperationsQueries.ChangeHistory change) {
		return new OperationsQueries.ChangeHistory(change.changeId(), RunPages.mask(change.customerId()),
				RunPages.mask(change.externalId()), change.state(), change.attempts(), change.lastCode(),
				RunPages.mask(change.lastMessage()), change.createdAt(), change.attemptedAt(), change.syncedAt(),
				change.outcomes()
					.stream()
					.map((o) -> new OperationsQueries.OutcomeRow(o.run(), o.runDate(), o.stepExecutionId(),
							partition(o), o.callId(), o.requestIndex(), o.outcome(), o.code(),
							RunPages.mask(o.message()), RunPages.mask(o.contactId()), o.recordedAt()))
					.toList());
	}

}
