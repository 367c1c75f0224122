/**
 * What ops see of the runs in Prometheus and Grafana: the gauges of the newest run, the
 * backlog and the changes that need a person
 * ({@link com.example.contactsync.monitoring.RunMetrics}, read from the database by
 * {@link com.example.contactsync.monitoring.RunFactsQueries}), beside the counters the
 * job and the client keep themselves. A {@code run} pushes them all to a Prometheus
 * Pushgateway with Spring Boot's own support; {@code serve} exposes them for scraping.
 * The alert rules and the dashboard that read them are in {@code jobs/monitoring/}.
 */
package com.example.contactsync.monitoring;
