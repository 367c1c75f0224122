package com.example.contactsync.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The data of a chart: labels along the x axis and one or more series of numbers, handed
 * to the page's script as JSON in a {@code data-chart} attribute (a policy that allows no
 * inline script).
 */
record Chart(String unit, List<String> labels, Map<String, List<Number>> series) {

	Chart {
		series = new LinkedHashMap<>(series);
	}

	public boolean isEmpty() {
		return this.labels.isEmpty();
	}

	/** {@code {"unit":"...","labels":[...],"series":{"name":[1,2]}}}. */
	public String json() {
		String names = this.series.entrySet()
			.stream()
			.map((entry) -> string(entry.getKey()) + ":["
					+ entry.getValue().stream().map(String::valueOf).collect(Collectors.joining(",")) + "]")
			.collect(Collectors.joining(","));
		return "{\"unit\":" + string(this.unit) + ",\"labels\":["
				+ this.labels.stream().map(Chart::string).collect(Collectors.joining(",")) + "],\"series\":{" + names
				+ "}}";
	}

	private static String string(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
