package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
 * spreads many small contacts evenly.
 * <p>
 * The split is written to {@code contact_sync_partition} once, when the run first starts,
 * and read back by every partition on every restart of the run, on this machine or
 * another: a restart never re-splits, so a change cannot move from a failed partition to
 * a completed one.
 */
class ContactPartitions {

	static final String SELECT_KEYS = "SELECT change_id, customer_id, external_id FROM contact_change WHERE "
			+ RunScope.CONDITION + " ORDER BY change_id";

	static final String DELETE = "DELETE FROM contact_sync_partition WHERE job_instance_id = ?";

	static final String COUNT = "SELECT COUNT(*) FROM contact_sync_partition WHERE job_instance_id = ?";

	/** Rows fetched at a time when the run's changes are read for the split. */
	private static final int FETCH_SIZE = 10_000;

	/** Rows per INSERT statement when the split is written. */
	private static final int ROWS_PER_INSERT = 500;

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
	 * @return how many changes each partition holds
	 */
	long[] split(long jobInstanceId, RunScope scope, int gridSize) {
		long[] sizes = new long[gridSize];
		// two passes over one snapshot: the first links the ids, the second writes each
		// change's partition as it streams by, so no list of the changes is held in
		// memory
		TransactionTemplate snapshot = new TransactionTemplate(this.transactionTemplate.getTransactionManager());
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.executeWithoutResult((status) -> {
			Ids ids = new Ids();
			streamKeys(scope, (changeId, customer, external) -> ids.link(customer, external));
			this.jdbcTemplate.update(DELETE, jobInstanceId);
			Inserts inserts = new Inserts(jobInstanceId);
			streamKeys(scope, (changeId, customer, external) -> {
				int partition = partitionOf(ids, changeId, customer, external, gridSize);
				sizes[partition]++;
				inserts.add(changeId, partition);
			});
			inserts.flush();
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
	 * run).
	 */
	Split compute(RunScope scope, int gridSize) {
		Ids ids = new Ids();
		LongList changeIds = new LongList();
		IntList partitions = new IntList();
		TransactionTemplate snapshot = new TransactionTemplate(this.transactionTemplate.getTransactionManager());
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.setReadOnly(true);
		snapshot.executeWithoutResult((status) -> {
			streamKeys(scope, (changeId, customer, external) -> ids.link(customer, external));
			streamKeys(scope, (changeId, customer, external) -> {
				changeIds.add(changeId);
				partitions.add(partitionOf(ids, changeId, customer, external, gridSize));
			});
		});
		return new Split(changeIds.toArray(), partitions.toArray(), gridSize);
	}

	/**
	 * Streams the ids of the run's changes, in {@code change_id} order, through a cursor:
	 * the scope may hold millions of changes, and without a fetch size PostgreSQL's
	 * driver would hold the whole result in memory. Expected to be called inside a
	 * transaction.
	 */
	private void streamKeys(RunScope scope, KeyHandler handler) {
		JdbcTemplate streaming = new JdbcTemplate(this.jdbcTemplate.getDataSource());
		streaming.setFetchSize(FETCH_SIZE);
		new NamedParameterJdbcTemplate(streaming).query(SELECT_KEYS, ContactChangeRepository.parameters(scope),
				(RowCallbackHandler) (rs) -> handler.handle(rs.getLong(1), rs.getString(2), rs.getString(3)));
	}

	/** The partition of a change: that of its contact, the component of its ids. */
	private static int partitionOf(Ids ids, long changeId, String customerId, String externalId, int gridSize) {
		int customer = ids.find("c:", customerId);
		int node = (customer >= 0) ? customer : ids.find("e:", externalId);
		// a change with no id is a contact of its own
		int root = (node >= 0) ? ids.find(node) : (int) (-1 - (changeId & 0x7fffffff));
		return Math.floorMod(mix(root), gridSize);
	}

	@FunctionalInterface
	private interface KeyHandler {

		void handle(long changeId, String customerId, String externalId);

	}

	/**
	 * The split's rows, written in statements of {@value #ROWS_PER_INSERT} as they come.
	 */
	private final class Inserts {

		private final long jobInstanceId;

		private final List<Object> values = new ArrayList<>(3 * ROWS_PER_INSERT);

		Inserts(long jobInstanceId) {
			this.jobInstanceId = jobInstanceId;
		}

		void add(long changeId, int partition) {
			this.values.add(this.jobInstanceId);
			this.values.add(changeId);
			this.values.add(partition);
			if (this.values.size() == 3 * ROWS_PER_INSERT) {
				flush();
			}
		}

		void flush() {
			int rows = this.values.size() / 3;
			if (rows == 0) {
				return;
			}
			String sql = "INSERT INTO contact_sync_partition (job_instance_id, change_id, partition_no) VALUES "
					+ String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?)"));
			ContactPartitions.this.jdbcTemplate.update(sql, this.values.toArray());
			this.values.clear();
		}

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

		/** Links a change's two ids (either may be blank) as one contact. */
		void link(String customerId, String externalId) {
			int customer = node("c:", customerId);
			int external = node("e:", externalId);
			if (customer >= 0 && external >= 0) {
				union(customer, external);
			}
		}

		/** The node of an id seen before, or -1 (blank, or never seen). */
		int find(String kind, String value) {
			return lookUp(kind, value, false);
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
