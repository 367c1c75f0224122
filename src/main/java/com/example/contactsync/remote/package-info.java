/**
 * Remote partitioning ({@code contact-sync.partitioning=remote}): a run's partitions
 * executed by {@code contact-sync worker} processes on other machines, with Spring
 * Batch's remote partitioning over a Spring Integration channel kept in the PostgreSQL
 * database the job already uses
 * ({@link com.example.contactsync.remote.RemotePartitioningConfiguration}); the workers'
 * heartbeats and fair share ({@link com.example.contactsync.remote.Workers}); the
 * manager's watch for partitions whose worker died
 * ({@link com.example.contactsync.remote.LostPartitions}) and their resumption on the
 * workers alive within the same run
 * ({@link com.example.contactsync.remote.ResumingPartitionHandler}); a worker's take,
 * claim and fence ({@link com.example.contactsync.remote.WorkerPartitions}).
 */
package com.example.contactsync.remote;
