package com.example.contactsync.cli;

import picocli.CommandLine.Command;

import com.example.contactsync.schema.SchemaMigrations;
import com.example.contactsync.schema.SchemaVersion;

/**
 * {@code migrate}: applies the schema's pending migrations and the roles' grants, and
 * nothing else — for a deployment step run as the owner of the schema, so that the job's
 * own login never needs to create anything. ({@code run} migrates too, as it starts.)
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = {
		"Applies the schema's pending migrations and the grants of contact-sync's roles, and nothing else.",
		"As spring.flyway.user when set (the owner of the schema), else as the job's login. 'run' migrates too." })
class MigrateCommand extends AbstractCommand {

	@Override
	public Integer call() {
		SchemaVersion.State state = withApplication((context) -> {
			context.getBean(SchemaMigrations.class).migrate();
			return context.getBean(SchemaVersion.class).state();
		});
		out().println("The contact-sync schema (" + state.where() + ") is at version " + state.applied() + ".");
		out().flush();
		return ExitCodes.OK;
	}

}
