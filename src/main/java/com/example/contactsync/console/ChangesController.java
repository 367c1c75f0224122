package com.example.contactsync.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.example.contactsync.monitoring.RunFacts;
import com.example.contactsync.monitoring.RunFactsQueries;
import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.RunSummary;

/**
 * The pages about changes ({@link ChangePages}). The backlog: the changes per state and
 * the oldest waiting one, and what the last runs took, as a chart
 * ({@link RunPages#summaries}). A contact: every change of it in order, every call that
 * carried each, with the partition that made the call, and its state now; the key is its
 * external id or Dustess id.
 */
@Controller
@ConditionalOnConsole
class ChangesController {

	static final int RUNS = 30;

	private final ChangePages changes;

	private final RunPages runs;

	ChangesController(ChangePages changes, RunPages runs) {
		this.changes = changes;
		this.runs = runs;
	}

	@GetMapping("/console/backlog")
	String backlog(Model model) {
		RunFactsQueries.Backlog now = this.changes.backlog();
		model.addAttribute("states", RunFacts.STATES);
		model.addAttribute("changes", now.changes());
		model.addAttribute("oldestWaiting", now.oldestWaitingCreated());
		List<RunSummary> runs = new ArrayList<>(this.runs.summaries(RUNS));
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
			List<OperationsQueries.ChangeHistory> changes = this.changes.story(trimmed);
			model.addAttribute("changes", changes);
			model.addAttribute("state", changes.isEmpty() ? null : changes.get(changes.size() - 1).state());
			model.addAttribute("requeueable", OperationsQueries.REQUEUEABLE);
		}
		return "console/contact";
	}

}
