package com.example.contactsync.capture;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source mode on a real PostgreSQL server (embedded, or {@code TEST_PG_URL}), and the
 * documented way to read a source in another database:
 * {@code sql/source/postgres_fdw.sql}.
 */
class PostgresSourceModeIntegrationTests extends AbstractSourceModeIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.useNewDatabase(registry, "source_mode_tests");
	}

	@Override
	String jsonType() {
		return "JSONB";
	}

	@Override
	String json(String sql) {
		return "CAST(" + sql + " AS JSONB)";
	}

	@Test
	void theDocumentedForeignSourceInAnotherDatabaseIsCapturedThroughPostgresFdw() throws Exception {
		TestPostgres.Database crm = TestPostgres.createDatabase("fdw_crm");
		JdbcTemplate remote = new JdbcTemplate(new DriverManagerDataSource(crm.url(), crm.user(), crm.password()));
		remote.execute("CREATE TABLE customer (customer_no VARCHAR(40) PRIMARY KEY, note TEXT, email TEXT, "
				+ "birth_date DATE, mobile_phone TEXT, is_test BOOLEAN NOT NULL DEFAULT FALSE)");
		remote.update("INSERT INTO customer VALUES ('K-1', 'first', 'A@Example.com', '1990-01-02', '13800000001', "
				+ "FALSE), ('K-2', 'second', NULL, NULL, NULL, FALSE), ('K-3', 'a test row', NULL, NULL, NULL, TRUE)");
		URI where = URI.create(crm.url().substring("jdbc:".length()));
		this.jdbcTemplate.execute(psql(Files.readString(Path.of("sql/source/postgres_fdw.sql")),
				Map.of("crm_host", where.getHost(), "crm_port", String.valueOf(where.getPort()), "crm_db",
						where.getPath().substring(1), "crm_user", crm.user(), "crm_password", crm.password())));

		Capture capture = new Capture(this.jdbcTemplate,
				new SourceProperties("contact_source", "external_id", Map.of(), 0.2, false));
		CaptureCounts counts = Capture.transaction(this.transactionManager)
			.execute((status) -> capture.capture(null, false));

		assertThat(counts.sourceRows()).isEqualTo(2);
		assertThat(counts.changes()).isEqualTo(2);
		assertThat(this.jdbcTemplate.queryForList(
				"SELECT external_id, remark, email, birthday::text, mobiles::text FROM contact_change ORDER BY external_id"))
			.extracting((row) -> row.values().stream().map(String::valueOf).toList())
			.containsExactly(
					List.of("K-1", "first", "a@example.com", "1990-01-02",
							"[{\"tel\": \"13800000001\", \"type\": \"mobile\"}]"),
					List.of("K-2", "second", "null", "null", "null"));
	}

	/** psql's {@code :'name'} variables, as psql fills them in: quoted literals. */
	static String psql(String script, Map<String, String> variables) {
		Matcher matcher = Pattern.compile(":'(\\w+)'").matcher(script);
		StringBuilder filled = new StringBuilder();
		while (matcher.find()) {
			String value = variables.get(matcher.group(1));
			assertThat(value).as("a value for :'%s'", matcher.group(1)).isNotNull();
			matcher.appendReplacement(filled, Matcher.quoteReplacement("'" + value.replace("'", "''") + "'"));
		}
		return matcher.appendTail(filled).toString();
	}

}
