package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.batch.core.partition.PartitionNameProvider;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.example.contactsync.change.RunScope;

/**
 * Spring Batch's {@link Partitioner} for a run: {@code gridSize} partitions named
 * {@code partition<i>of<gridSize>}, their changes split by contact
 * ({@link ContactPartitions}). A partition's name says all a worker needs, so a restart —
 * which keeps the grid size and asks only for the names ({@link PartitionNameProvider}) —
 * finds the same partitions and the split written when the run first started.
 */
public class ContactPartitioner implements Partitioner, PartitionNameProvider {

	private static final Pattern NAME = Pattern.compile("partition(\\d+)of(\\d+)$");

	private final ContactPartitions partitions;

	private final long jobInstanceId;

	private final RunScope scope;

	ContactPartitioner(ContactPartitions partitions, long jobInstanceId, RunScope scope) {
		this.partitions = partitions;
		this.jobInstanceId = jobInstanceId;
		this.scope = scope;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		if (gridSize > 1) {
			this.partitions.split(this.jobInstanceId, this.scope, gridSize);
		}
		Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
		for (String name : names(gridSize)) {
			contexts.put(name, new ExecutionContext());
		}
		return contexts;
	}

	@Override
	public Collection<String> getPartitionNames(int gridSize) {
		if (gridSize > 1 && !this.partitions.exists(this.jobInstanceId)) {
			// the run died after it fixed its grid size but before the split was
			// committed:
			// no partition has read anything yet
			this.partitions.split(this.jobInstanceId, this.scope, gridSize);
		}
		return names(gridSize);
	}

	/**
	 * The last execution of each step among {@code executions}: a partition resumed
	 * within a run (remote) is judged by its last execution, not by the one that was
	 * lost.
	 */
	public static Collection<StepExecution> lastOfEach(Collection<StepExecution> executions) {
		Map<String, StepExecution> last = new LinkedHashMap<>();
		for (StepExecution execution : executions) {
			last.merge(execution.getStepName(), execution, (one, other) -> (one.getId() > other.getId()) ? one : other);
		}
		return last.values();
	}

	static List<String> names(int gridSize) {
		List<String> names = new ArrayList<>(gridSize);
		for (int i = 0; i < gridSize; i++) {
			names.add(name(i, gridSize));
		}
		return names;
	}

	static String name(int partition, int gridSize) {
		return "partition" + partition + "of" + gridSize;
	}

	/**
	 * The partition a step execution works on, from its name (a partition's step name
	 * ends in its name).
	 */
	static Partition of(String stepName) {
		Matcher matcher = NAME.matcher(stepName);
		if (!matcher.find()) {
			throw new IllegalStateException("Step " + stepName + " is not a partition of the sync");
		}
		return new Partition(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
	}

	/**
	 * A partition: its number and how many there are.
	 */
	record Partition(int number, int gridSize) {

		/**
		 * Whether the run is split at all; with one partition it reads the whole scope.
		 */
		boolean split() {
			return this.gridSize > 1;
		}

	}

}
