package com.example.contactsync.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import com.example.contactsync.monitoring.RunFacts;
import com.example.contactsync.monitoring.RunFactsQueries;
import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * The backlog: the changes per state and the oldest waiting one (the gauges' own query,
 * {@link RunFactsQueries}), and what the last runs took, as a chart.
 */
@Controller
@ConditionalOnConsole
class BacklogController {

	static final int RUNS = 30;

	private final RunFactsQueries facts;

	private final RunHistory history;

	BacklogController(RunFactsQueries facts, RunHistory history) {
		this.facts = facts;
		this.history = history;
	}

	@GetMapping("/console/backlog")
	String backlog(Model model) {
		RunFacts now = this.facts.read();
		model.addAttribute("states", RunFacts.STATES);
		model.addAttribute("changes", now.changes());
		model.addAttribute("oldestWaiting", now.oldestWaitingCreated());
		List<RunSummary> runs = new ArrayList<>(this.history.recent(RUNS));
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

}
