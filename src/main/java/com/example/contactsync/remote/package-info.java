/**
 * Remote partitioning ({@code contact-sync.partitioning=remote}): a run's partitions
 * executed by {@code contact-sync worker} processes on other machines, with Spring
 * Batch's remote partitioning over a Spring Integration channel kept in the PostgreSQL
 * database the job already uses
 * ({@link com.example.contactsync.remote.RemotePartitioningConfiguration}); the workers'
 * heartbeats ({@link com.example.contactsync.remote.Workers}), and the manager's watch
 * for partitions whose worker died
 * ({@link com.example.contactsync.remote.LostPartitions}).
 */
package com.example.contactsync.remote;
