package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.RunScope;
import com.example.contactsync.system.Databases;

import static com.example.contactsync.job.ContactPartitionQueries.COUNT;
import static com.example.contactsync.job.ContactPartitionQueries.DELETE;
import static com.example.contactsync.job.ContactPartitionQueries.INSERT_ALL;
import static com.example.contactsync.job.ContactPartitionQueries.MOVE_LINKED;
import static com.example.contactsync.job.ContactPartitionQueries.SELECT_CHANGE_IDS;
import static com.example.contactsync.job.ContactPartitionQueries.SELECT_LINKED_KEYS;
import static com.example.contactsync.job.ContactPartitionQueries.SELECT_SPLIT;
import static com.example.contactsync.job.ContactPartitionQueries.SIZES;

/**
 * Splits a run's changes into partitions so that all changes of one contact — linked
 * through a shared {@code customer_id} or {@code external_id}, directly or through a
 * chain of changes — fall into the same partition. Partitions then run side by side
 * without two calls ever carrying changes of one contact at once, and each partition
 * keeps its contacts' changes in {@code change_id} order.
 * <p>
 * The contacts are those of {@link com.example.contactsync.change.Contacts}, known by
 * hash ({@link LinkedChanges}): memory grows with the number of distinct ids, not with
 * their length. Only the changes that share an id with another change of the run are
 * linked (the database finds them, {@link ContactPartitionQueries#SELECT_LINKED_KEYS},
 * {@code GROUP BY ...
 * HAVING COUNT(*) > 1}); every other change is a contact of its own and goes to the
 * partition {@code change_id mod gridSize}, written by the database without passing
 * through the application.
 * <p>
 * The split is written to {@code contact_sync_partition} once, when the run first starts,
 * and read back by every partition on every restart of the run, on this machine or
 * another: a restart never re-splits, so a change cannot move from a failed partition to
 * a completed one.
 */
class ContactPartitions {

	/** Rows fetched at a time when the run's changes are read for the split. */
	private static final int FETCH_SIZE = 10_000;

	/** Linked changes moved per JDBC batch. */
	private static final int ROWS_PER_BATCH = 1000;

	private static final Logger logger = LoggerFactory.getLogger(ContactPartitions.class);

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactionTemplate;

	ContactPartitions(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactionTemplate = transactionTemplate;
	}

	/**
	 * Splits the run's changes into {@code gridSize} partitions and writes the split, in
	 * one transaction, replacing any earlier one of the same job instance.
	 * <p>
	 * Only the changes that share an id with another change of the run are linked and
	 * placed here, read once, in a snapshot (REPEATABLE READ) that the database's own
	 * placing of the rest shares. Every other change is a contact of its own and is
	 * placed by its {@code change_id}, by the database itself ({@link #INSERT_ALL}):
	 * memory grows with the changes that share an id, not with the run, and the rows of
	 * the split never travel to the application and back.
	 * @return how many changes each partition holds
	 */
	long[] split(long jobInstanceId, RunScope scope, int gridSize) {
		long[] sizes = new long[gridSize];
		TransactionTemplate snapshot = new TransactionTemplate(this.transactionTemplate.getTransactionManager());
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.executeWithoutResult((status) -> {
			LinkedChanges.Placed linked = linked(scope, gridSize);
			this.jdbcTemplate.update(DELETE, jobInstanceId);
			MapSqlParameterSource parameters = ContactChangeRepository.parameters(scope)
				.addValue("jobInstanceId", jobInstanceId)
				.addValue("gridSize", gridSize);
			new NamedParameterJdbcTemplate(this.jdbcTemplate).update(INSERT_ALL, parameters);
			List<Object[]> moves = new ArrayList<>();
			for (int i = 0; i < linked.changeIds().length; i++) {
				long changeId = linked.changeIds()[i];
				int partition = linked.partitions()[i];
				if (partition != unlinkedPartition(changeId, gridSize)) {
					moves.add(new Object[] { partition, jobInstanceId, changeId });
				}
				if (moves.size() == ROWS_PER_BATCH || (i == linked.changeIds().length - 1 && !moves.isEmpty())) {
					this.jdbcTemplate.batchUpdate(MOVE_LINKED, moves);
					moves.clear();
				}
			}
			this.jdbcTemplate.query(SIZES, (RowCallbackHandler) (rs) -> sizes[rs.getInt(1)] = rs.getLong(2),
					jobInstanceId);
		});
		// fresh statistics: without them PostgreSQL reads each page of a partition by
		// hashing the whole partition instead of walking contact_sync_partition_read_idx
		this.jdbcTemplate.execute(Databases.isPostgres(this.jdbcTemplate) ? "ANALYZE contact_sync_partition"
				: "ANALYZE TABLE contact_sync_partition");
		logger.info("Split the run's {} changes into {} partitions of {} changes", Arrays.stream(sizes).sum(), gridSize,
				Arrays.toString(sizes));
		return sizes;
	}

	/** Whether a split of the job instance has been written. */
	boolean exists(long jobInstanceId) {
		Long count = this.jdbcTemplate.queryForObject(COUNT, Long.class, jobInstanceId);
		return count != null && count > 0;
	}

	/** The split written for a job instance, or {@code null} when there is none. */
	Split read(long jobInstanceId, int gridSize) {
		ChangeIdList split = new ChangeIdList();
		this.jdbcTemplate.query(SELECT_SPLIT, (RowCallbackHandler) (rs) -> split.add(rs.getLong(1), rs.getInt(2)),
				jobInstanceId);
		return (split.size() == 0) ? null : new Split(split.changeIds(), split.values(), gridSize);
	}

	/** Deletes the split of a job instance (once the run has completed). */
	void delete(long jobInstanceId) {
		this.jdbcTemplate.update(DELETE, jobInstanceId);
	}

	/**
	 * The partition of each change in the run's scope, without writing anything (the dry
	 * run): the same as {@link #split} would write.
	 */
	Split compute(RunScope scope, int gridSize) {
		ChangeIdList split = new ChangeIdList();
		TransactionTemplate snapshot = new TransactionTemplate(this.transactionTemplate.getTransactionManager());
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.setReadOnly(true);
		snapshot.executeWithoutResult((status) -> {
			LinkedChanges.Placed linked = linked(scope, gridSize);
			streaming().query(SELECT_CHANGE_IDS, ContactChangeRepository.parameters(scope),
					(RowCallbackHandler) (rs) -> {
						long changeId = rs.getLong(1);
						int index = Arrays.binarySearch(linked.changeIds(), changeId);
						split.add(changeId,
								(index >= 0) ? linked.partitions()[index] : unlinkedPartition(changeId, gridSize));
					});
		});
		return new Split(split.changeIds(), split.values(), gridSize);
	}

	/**
	 * The changes of the run that share an id with another change of the run, in
	 * {@code change_id} order, each with its partition: that of its contact, the
	 * component of its ids. Read in one pass through a cursor (without a fetch size
	 * PostgreSQL's driver would hold the whole result in memory); memory grows with these
	 * changes only. Expected to be called inside a transaction.
	 */
	private LinkedChanges.Placed linked(RunScope scope, int gridSize) {
		LinkedChanges linked = new LinkedChanges();
		streaming().query(SELECT_LINKED_KEYS, ContactChangeRepository.parameters(scope),
				(RowCallbackHandler) (rs) -> linked.add(rs.getLong(1), rs.getString(2), rs.getString(3)));
		return linked.place(gridSize);
	}

	private NamedParameterJdbcTemplate streaming() {
		JdbcTemplate streaming = new JdbcTemplate(this.jdbcTemplate.getDataSource());
		streaming.setFetchSize(FETCH_SIZE);
		return new NamedParameterJdbcTemplate(streaming);
	}

	/**
	 * The partition of a change whose ids no other change of the run names: by its
	 * {@code change_id} (as {@link #INSERT_ALL} computes it), which spreads a backlog
	 * evenly.
	 */
	static int unlinkedPartition(long changeId, int gridSize) {
		return (int) Math.floorMod(changeId, (long) gridSize);
	}

	/**
	 * The split: the partition of each change.
	 */
	record Split(long[] changeIds, int[] partitions, int gridSize) {

		int partitionOf(long changeId) {
			int index = Arrays.binarySearch(this.changeIds, changeId);
			return (index >= 0) ? this.partitions[index] : -1;
		}

		long[] sizes() {
			long[] sizes = new long[this.gridSize];
			for (int partition : this.partitions) {
				sizes[partition]++;
			}
			return sizes;
		}

	}

}
