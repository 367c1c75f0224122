package com.example.contactsync.job;

import com.example.contactsync.change.RunScope;

/**
 * The SQL of the split into partitions ({@link ContactPartitions}), each statement with
 * the reason for its shape: the split of a million changes takes seconds only as long as
 * PostgreSQL plans these as they are.
 */
final class ContactPartitionQueries {

	/**
	 * The run's changes that share an id with another change of the run: only these need
	 * linking. A change whose ids all occur once in the run is a contact of its own.
	 */
	static final String SELECT_LINKED_KEYS = linkedBy("customer_id") + " UNION " + linkedBy("external_id")
			+ " ORDER BY change_id";

	static final String SELECT_CHANGE_IDS = "SELECT change_id FROM contact_change WHERE " + RunScope.CONDITION
			+ " ORDER BY change_id";

	/**
	 * Every change of the run at the partition of a change whose ids no other change
	 * names ({@link ContactPartitions#unlinkedPartition}), computed by the database; the
	 * linked ones are then moved ({@link #MOVE_LINKED}). (Not an anti-join with the
	 * linked rows: with the statistics of an empty {@code contact_sync_partition}
	 * PostgreSQL probed it with a scan per change that read the rows the statement was
	 * inserting — quadratic, 107 s for 100k changes.)
	 */
	static final String INSERT_ALL = "INSERT INTO contact_sync_partition (job_instance_id, change_id, partition_no) "
			+ "SELECT :jobInstanceId, change_id, CAST(MOD(change_id, :gridSize) AS INT) FROM contact_change WHERE "
			+ RunScope.CONDITION;

	static final String MOVE_LINKED = "UPDATE contact_sync_partition SET partition_no = ? "
			+ "WHERE job_instance_id = ? AND change_id = ?";

	static final String SIZES = "SELECT partition_no, COUNT(*) FROM contact_sync_partition WHERE job_instance_id = ? "
			+ "GROUP BY partition_no";

	static final String SELECT_SPLIT = "SELECT change_id, partition_no FROM contact_sync_partition "
			+ "WHERE job_instance_id = ? ORDER BY change_id";

	static final String DELETE = "DELETE FROM contact_sync_partition WHERE job_instance_id = ?";

	static final String COUNT = "SELECT COUNT(*) FROM contact_sync_partition WHERE job_instance_id = ?";

	private ContactPartitionQueries() {
	}

	/**
	 * The run's changes whose {@code column} another change of the run names too: a join
	 * with the repeated values, which PostgreSQL hashes ({@code column IN (...)} with the
	 * two columns OR-ed was planned as a subquery run per row, estimated at 10^10).
	 */
	private static String linkedBy(String column) {
		return "SELECT c.change_id, c.customer_id, c.external_id FROM contact_change c JOIN (SELECT " + column
				+ " AS id FROM contact_change WHERE " + RunScope.CONDITION + " GROUP BY " + column
				+ " HAVING COUNT(*) > 1) r ON r.id = c." + column + " WHERE " + RunScope.condition("c");
	}

}
