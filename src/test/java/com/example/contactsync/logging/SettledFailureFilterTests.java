package com.example.contactsync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettledFailureFilterTests {

	private final SettledFailureFilter filter = new SettledFailureFilter();

	private final LoggerContext context = new LoggerContext();

	@AfterEach
	void reset() {
		SettledFailureFilter.reset();
	}

	@Test
	void decideWhenNotSettledThenEverythingPasses() {
		assertThat(this.filter.decide(event("org.springframework.batch.core.step.AbstractStep", Level.ERROR)))
			.isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void decideWhenSettledThenOnlySpringBatchWarningsAndErrorsAreDenied() {
		SettledFailureFilter.settled();
		assertThat(this.filter.decide(event("org.springframework.batch.core.step.AbstractStep", Level.ERROR)))
			.isEqualTo(FilterReply.DENY);
		assertThat(this.filter.decide(event("org.springframework.batch.core.step.item.ChunkOrientedStep", Level.WARN)))
			.isEqualTo(FilterReply.DENY);
		assertThat(this.filter.decide(event("org.springframework.batch.core.step.AbstractStep", Level.INFO)))
			.isEqualTo(FilterReply.NEUTRAL);
		assertThat(this.filter.decide(event("com.example.contactsync.operations.SyncRunner", Level.ERROR)))
			.isEqualTo(FilterReply.NEUTRAL);
		assertThat(this.filter.decide(event("org.springframework.jdbc.Foo", Level.ERROR)))
			.isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void decideWhenResetThenSpringBatchErrorsPassAgain() {
		SettledFailureFilter.settled();
		SettledFailureFilter.reset();
		assertThat(this.filter.decide(event("org.springframework.batch.core.step.AbstractStep", Level.ERROR)))
			.isEqualTo(FilterReply.NEUTRAL);
	}

	private LoggingEvent event(String logger, Level level) {
		return new LoggingEvent(getClass().getName(), this.context.getLogger(logger), level, "message", null, null);
	}

}
