package com.example.contactsync.job;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.support.DatabaseType;
import org.springframework.jdbc.support.MetaDataAccessException;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.ContactChangeRowMapper;
import com.example.contactsync.change.RunScope;

/**
 * The reader of a run's changes, used by the job and by the dry run alike.
 */
final class PendingChanges {

	private PendingChanges() {
	}

	/**
	 * A keyset-paging reader of the changes in {@code scope}, in {@code change_id} order.
	 * It keeps no position (process indicator): the writer moves each change out of the
	 * scope, so a restart finds the rest by the filter alone.
	 */
	static JdbcPagingItemReader<ContactChange> reader(DataSource dataSource, RunScope scope, int pageSize) {
		return reader(dataSource, pageSize, "FROM contact_change",
				ContactChangeRepository.parameters(scope).getValues());
	}

	/**
	 * The same, for one partition of a split run: the changes of the scope that the split
	 * ({@code contact_sync_partition}) gives to the partition.
	 */
	static JdbcPagingItemReader<ContactChange> reader(DataSource dataSource, RunScope scope, int pageSize,
			long jobInstanceId, int partition) {
		Map<String, Object> parameters = new HashMap<>(ContactChangeRepository.parameters(scope).getValues());
		parameters.put("jobInstanceId", jobInstanceId);
		parameters.put("partition", partition);
		return reader(dataSource, pageSize, isPostgres(dataSource) ? PARTITION_FROM_POSTGRES : PARTITION_FROM,
				parameters);
	}

	/**
	 * The partition's changes, as a derived table so that the sort key needs no alias.
	 */
	static final String PARTITION_FROM = "FROM (SELECT c.* FROM contact_change c JOIN contact_sync_partition p "
			+ "ON p.change_id = c.change_id WHERE p.job_instance_id = :jobInstanceId "
			+ "AND p.partition_no = :partition) t";

	/**
	 * {@link #PARTITION_FROM} for PostgreSQL, whose planner carries the page's
	 * {@code change_id > :last} over a join only as an equality: with a plain join each
	 * page walked {@code contact_sync_partition} from the partition's first change (merge
	 * join), so a page of a partition cost time in proportion to how far it had got —
	 * quadratic in the run (a page of 100 took 80–160 ms a tenth into a run of 1M changes
	 * at concurrency 4). Here the sort key is the split's own {@code change_id}, so the
	 * page's range is an index range of {@code contact_sync_partition_read_idx}, and each
	 * of its changes is fetched by its key ({@code OFFSET 0} keeps the lateral subquery
	 * from being flattened back into a join): some 3 ms a page wherever it is.
	 */
	static final String PARTITION_FROM_POSTGRES = "FROM (SELECT p.change_id, "
			+ Arrays.stream(ContactChangeRowMapper.COLUMNS.split(",\\s*"))
				.skip(1)
				.map((column) -> "c." + column)
				.collect(Collectors.joining(", "))
			+ ", c.sync_state, c.attempted_at FROM contact_sync_partition p CROSS JOIN LATERAL "
			+ "(SELECT * FROM contact_change WHERE contact_change.change_id = p.change_id OFFSET 0) c "
			+ "WHERE p.job_instance_id = :jobInstanceId AND p.partition_no = :partition) t";

	private static boolean isPostgres(DataSource dataSource) {
		try {
			return DatabaseType.fromMetaData(dataSource) == DatabaseType.POSTGRES;
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Cannot tell the database of the reader of pending changes", ex);
		}
	}

	private static JdbcPagingItemReader<ContactChange> reader(DataSource dataSource, int pageSize, String from,
			Map<String, Object> parameters) {
		try {
			return new JdbcPagingItemReaderBuilder<ContactChange>().name("pendingChangesReader")
				.dataSource(dataSource)
				.selectClause("SELECT " + ContactChangeRowMapper.COLUMNS)
				.fromClause(from)
				.whereClause("WHERE " + RunScope.CONDITION)
				.parameterValues(parameters)
				.sortKeys(Map.of("change_id", Order.ASCENDING))
				.rowMapper(new ContactChangeRowMapper())
				.pageSize(pageSize)
				.saveState(false)
				.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot create the reader of pending changes", ex);
		}
	}

}
