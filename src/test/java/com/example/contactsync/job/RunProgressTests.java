package com.example.contactsync.job;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RunProgressTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void recordedLogsAtMostEveryIntervalWithRateAndEta(CapturedOutput output) {
		RunProgress progress = new RunProgress(1000, Duration.ofSeconds(10), this.now::get);

		advanceSeconds(4);
		progress.recorded(outcomes(100, 2), true);
		assertThat(output.getAll()).doesNotContain("Progress:");

		advanceSeconds(6);
		progress.recorded(outcomes(100, 0), true);
		assertThat(output.getAll())
			.contains("Progress: 200 of 1000 changes (20%), 20.0 changes/s, 2 calls, 2 not succeeded, ETA 40s");

		advanceSeconds(1);
		progress.recorded(outcomes(100, 0), true);
		assertThat(output.getAll()).containsOnlyOnce("Progress:");
	}

	@Test
	void lineWhenNothingDoneYetSaysEtaUnknown() {
		RunProgress progress = new RunProgress(50, Duration.ofSeconds(10), this.now::get);
		advanceSeconds(3);
		assertThat(progress.line(this.now.get()))
			.isEqualTo("Progress: 0 of 50 changes (0%), 0.0 changes/s, 0 calls, 0 not succeeded, ETA unknown");
	}

	private void advanceSeconds(long seconds) {
		this.now.addAndGet(seconds * 1_000_000_000L);
	}

	private static List<ItemOutcome> outcomes(int count, int failed) {
		List<ItemOutcome> outcomes = new java.util.ArrayList<>(
				Collections.nCopies(count - failed, new ItemOutcome(1, Outcome.SUCCEEDED, "c", 1, 0, null, "id")));
		outcomes.addAll(Collections.nCopies(failed, new ItemOutcome(2, Outcome.FAILED, "c", 2, 13001, "x", null)));
		return outcomes;
	}

}
