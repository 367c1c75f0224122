package com.example.contactsync.schema;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import com.example.contactsync.cli.ContactSyncCliAccess;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that applied migrations 6 and 8 as they were before their grants were
 * guarded keeps migrating: their recorded checksums are upgraded from exactly the old
 * values, and any other checksum still fails Flyway's validation.
 */
class EditedMigrationsIntegrationTests {

	private final TestPostgres.Database database = TestPostgres.createDatabase("edited_migrations");

	private final StringWriter out = new StringWriter();

	@Test
	void migrateWhenVersionsSixAndEightRecordTheirOldChecksumsThenUpgradesThemAndMigrates() throws SQLException {
		assertThat(migrate()).as(this.out.toString()).isZero();
		for (EditedMigrations.Edit edit : EditedMigrations.EDITS) {
			assertThat(checksum(edit.version())).isEqualTo(edit.checksum());
			setChecksum(edit.version(), edit.previousChecksum());
		}

		assertThat(migrate()).as(this.out.toString()).isZero();

		for (EditedMigrations.Edit edit : EditedMigrations.EDITS) {
			assertThat(checksum(edit.version())).isEqualTo(edit.checksum());
		}
	}

	@Test
	void migrateWhenAChecksumIsNeitherTheOldNorTheNewThenValidationStillFails() throws SQLException {
		assertThat(migrate()).as(this.out.toString()).isZero();
		setChecksum("6", 12345);

		assertThat(migrate()).isEqualTo(2);
		assertThat(this.out.toString()).contains("could not be migrated").contains("checksum mismatch");
		assertThat(checksum("6")).isEqualTo(12345);
	}

	private int migrate() {
		this.out.getBuffer().setLength(0);
		return ContactSyncCliAccess.execute(new PrintWriter(this.out, true), "migrate",
				"--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + this.database.user(),
				"--spring.datasource.password=" + this.database.password());
	}

	private int checksum(String version) throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT checksum FROM flyway_schema_history WHERE version = '" + version + "'")) {
			assertThat(rs.next()).isTrue();
			return rs.getInt(1);
		}
	}

	private void setChecksum(String version, int checksum) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThat(statement.executeUpdate(
					"UPDATE flyway_schema_history SET checksum = " + checksum + " WHERE version = '" + version + "'"))
				.isOne();
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.database.url(), this.database.user(), this.database.password());
	}

}
