package com.example.contactsync.job;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;

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
	public static JdbcPagingItemReader<ContactChange> reader(DataSource dataSource, RunScope scope, int pageSize) {
		try {
			return new JdbcPagingItemReaderBuilder<ContactChange>().name("pendingChangesReader")
				.dataSource(dataSource)
				.selectClause("SELECT " + ContactChangeRowMapper.COLUMNS)
				.fromClause("FROM contact_change")
				.whereClause("WHERE " + RunScope.CONDITION)
				.parameterValues(ContactChangeRepository.parameters(scope).getValues())
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
