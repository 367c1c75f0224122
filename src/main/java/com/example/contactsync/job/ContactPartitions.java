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

/**
 * Splits a run's changes into partitions so that all changes of one contact — linked
 * through a shared {@code customer_id} or {@code external_id}, directly or through a
 * chain of changes — fall into the same partition. Partitions then run side by side
 * without two calls ever carrying changes of one contact at once, and each partition
 * keeps its contacts' changes in {@code change_id} order.
 * <p>
 * The contacts are the connected components of the graph whose nodes are ids and whose
 * edges are changes naming two ids, found with a union-find over 32-bit hashes of the
 * ids: memory grows with the number of distinct ids (some 12 bytes each), not with their
 * length. Two ids whose hashes collide are treated as one contact — harmless, it only
 * keeps them in one partition. Components go to partitions by a hash of their root, which
 * spreads many small contacts evenly. Only the changes that share an id with another
 * change of the run enter the union-find (the database finds them, {@code GROUP BY ...
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

	/**
	 * The run's changes that share an id with another change of the run: only these need
	 * linking. A change whose ids all occur once in the run is a contact of its own.
	 */
	static final String SELECT_LINKED_KEYS = linkedBy("customer_id") + " UNION " + linkedBy("external_id")
			+ " ORDER BY change_id";

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

	static final String SELECT_CHANGE_IDS = "SELECT change_id FROM contact_change WHERE " + RunScope.CONDITION
			+ " ORDER BY change_id";

	/**
	 * Every change of the run at the partition of a change whose ids no other change
	 * names ({@link #unlinkedPartition}), computed by the database; the linked ones are
	 * then moved ({@link #MOVE_LINKED}). (Not an anti-join with the linked rows: with the
	 * statistics of an empty {@code contact_sync_partition} PostgreSQL probed it with a
	 * scan per change that read the rows the statement was inserting — quadratic, 107 s
	 * for 100k changes.)
	 */
	static final String INSERT_ALL = "INSERT INTO contact_sync_partition (job_instance_id, change_id, partition_no) "
			+ "SELECT :jobInstanceId, change_id, CAST(MOD(change_id, :gridSize) AS INT) FROM contact_change WHERE "
			+ RunScope.CONDITION;

	static final String MOVE_LINKED = "UPDATE contact_sync_partition SET partition_no = ? "
			+ "WHERE job_instance_id = ? AND change_id = ?";

	static final String SIZES = "SELECT partition_no, COUNT(*) FROM contact_sync_partition WHERE job_instance_id = ? "
			+ "GROUP BY partition_no";

	static final String DELETE = "DELETE FROM contact_sync_partition WHERE job_instance_id = ?";

	static final String COUNT = "SELECT COUNT(*) FROM contact_sync_partition WHERE job_instance_id = ?";

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
			Linked linked = linked(scope, gridSize);
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
		this.jdbcTemplate
			.execute(isPostgres() ? "ANALYZE contact_sync_partition" : "ANALYZE TABLE contact_sync_partition");
		logger.info("Split the run's {} changes into {} partitions of {} changes", Arrays.stream(sizes).sum(), gridSize,
				Arrays.toString(sizes));
		return sizes;
	}

	private boolean isPostgres() {
		return Boolean.TRUE.equals(this.jdbcTemplate.execute((java.sql.Connection connection) -> "PostgreSQL"
			.equals(connection.getMetaData().getDatabaseProductName())));
	}

	/** Whether a split of the job instance has been written. */
	boolean exists(long jobInstanceId) {
		Long count = this.jdbcTemplate.queryForObject(COUNT, Long.class, jobInstanceId);
		return count != null && count > 0;
	}

	/** The split written for a job instance, or {@code null} when there is none. */
	Split read(long jobInstanceId, int gridSize) {
		LongList changeIds = new LongList();
		IntList partitions = new IntList();
		this.jdbcTemplate.query(
				"SELECT change_id, partition_no FROM contact_sync_partition WHERE job_instance_id = ? ORDER BY change_id",
				(RowCallbackHandler) (rs) -> {
					changeIds.add(rs.getLong(1));
					partitions.add(rs.getInt(2));
				}, jobInstanceId);
		return (changeIds.size() == 0) ? null : new Split(changeIds.toArray(), partitions.toArray(), gridSize);
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
		LongList changeIds = new LongList();
		IntList partitions = new IntList();
		TransactionTemplate snapshot = new TransactionTemplate(this.transactionTemplate.getTransactionManager());
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.setReadOnly(true);
		snapshot.executeWithoutResult((status) -> {
			Linked linked = linked(scope, gridSize);
			streaming().query(SELECT_CHANGE_IDS, ContactChangeRepository.parameters(scope),
					(RowCallbackHandler) (rs) -> {
						long changeId = rs.getLong(1);
						int index = Arrays.binarySearch(linked.changeIds(), changeId);
						changeIds.add(changeId);
						partitions
							.add((index >= 0) ? linked.partitions()[index] : unlinkedPartition(changeId, gridSize));
					});
		});
		return new Split(changeIds.toArray(), partitions.toArray(), gridSize);
	}

	/**
	 * The changes of the run that share an id with another change of the run, in
	 * {@code change_id} order, each with its partition: that of its contact, the
	 * component of its ids. Read in one pass through a cursor (without a fetch size
	 * PostgreSQL's driver would hold the whole result in memory); memory grows with these
	 * changes only. Expected to be called inside a transaction.
	 */
	private Linked linked(RunScope scope, int gridSize) {
		Ids ids = new Ids();
		LongList changeIds = new LongList();
		IntList nodes = new IntList();
		streaming().query(SELECT_LINKED_KEYS, ContactChangeRepository.parameters(scope), (RowCallbackHandler) (rs) -> {
			long changeId = rs.getLong(1);
			int customer = ids.node("c:", rs.getString(2));
			int external = ids.node("e:", rs.getString(3));
			if (customer >= 0 && external >= 0) {
				ids.union(customer, external);
			}
			changeIds.add(changeId);
			nodes.add((customer >= 0) ? customer : external);
		});
		int[] partitions = new int[changeIds.size()];
		long[] linkedIds = changeIds.toArray();
		for (int i = 0; i < partitions.length; i++) {
			int node = nodes.get(i);
			// a change with no id is a contact of its own
			int root = (node >= 0) ? ids.find(node) : (int) (-1 - (linkedIds[i] & 0x7fffffff));
			partitions[i] = Math.floorMod(mix(root), gridSize);
		}
		return new Linked(linkedIds, partitions);
	}

	/** The changes that share an id with another, and their partitions. */
	private record Linked(long[] changeIds, int[] partitions) {
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

	private static int mix(int value) {
		int h = value * 0x9E3779B9;
		return h ^ (h >>> 16);
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

	/** A union-find over ids, each known by a 32-bit hash of its kind and value. */
	static final class Ids {

		private int[] keys = new int[1 << 12];

		private int[] nodes = new int[1 << 12];

		private boolean[] used = new boolean[1 << 12];

		private int size;

		private int[] parent = new int[1 << 11];

		/** The node of an id, created on first sight; -1 for a blank id. */
		int node(String kind, String value) {
			return lookUp(kind, value, true);
		}

		private int lookUp(String kind, String value, boolean create) {
			if (value == null || value.isBlank()) {
				return -1;
			}
			int hash = kind.hashCode() * 31 + value.hashCode();
			int mask = this.keys.length - 1;
			int slot = mix(hash) & mask;
			while (this.used[slot]) {
				if (this.keys[slot] == hash) {
					return this.nodes[slot];
				}
				slot = (slot + 1) & mask;
			}
			if (!create) {
				return -1;
			}
			int node = this.size++;
			if (node == this.parent.length) {
				this.parent = Arrays.copyOf(this.parent, node * 2);
			}
			this.parent[node] = node;
			this.used[slot] = true;
			this.keys[slot] = hash;
			this.nodes[slot] = node;
			if (this.size * 2 > this.keys.length) {
				grow();
			}
			return node;
		}

		int find(int node) {
			int root = node;
			while (this.parent[root] != root) {
				root = this.parent[root];
			}
			while (this.parent[node] != root) {
				int next = this.parent[node];
				this.parent[node] = root;
				node = next;
			}
			return root;
		}

		void union(int a, int b) {
			int rootA = find(a);
			int rootB = find(b);
			if (rootA != rootB) {
				// the older node stays the root, so a component's root does not depend on
				// the order of union
				this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
			}
		}

		private void grow() {
			int[] oldKeys = this.keys;
			int[] oldNodes = this.nodes;
			boolean[] oldUsed = this.used;
			this.keys = new int[oldKeys.length * 2];
			this.nodes = new int[oldKeys.length * 2];
			this.used = new boolean[oldKeys.length * 2];
			int mask = this.keys.length - 1;
			for (int i = 0; i < oldKeys.length; i++) {
				if (oldUsed[i]) {
					int slot = mix(oldKeys[i]) & mask;
					while (this.used[slot]) {
						slot = (slot + 1) & mask;
					}
					this.used[slot] = true;
					this.keys[slot] = oldKeys[i];
					this.nodes[slot] = oldNodes[i];
				}
			}
		}

	}

	/** A growable list of longs. */
	private static final class LongList {

		private long[] values = new long[1024];

		private int size;

		void add(long value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		int size() {
			return this.size;
		}

		long[] toArray() {
			return Arrays.copyOf(this.values, this.size);
		}

	}

	/** A growable list of ints. */
	private static final class IntList {

		private int[] values = new int[1024];

		private int size;

		void add(int value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		int get(int index) {
			return this.values[index];
		}

		int[] toArray() {
			return Arrays.copyOf(this.values, this.size);
		}

	}

}
