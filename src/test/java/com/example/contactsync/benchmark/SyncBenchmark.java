package com.example.contactsync.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.example.contactsync.support.TestPostgres;

import static com.example.contactsync.benchmark.BenchmarkMachine.commit;
import static com.example.contactsync.benchmark.BenchmarkMachine.declares;
import static com.example.contactsync.benchmark.BenchmarkMachine.ints;
import static com.example.contactsync.benchmark.BenchmarkMachine.jar;
import static com.example.contactsync.benchmark.BenchmarkMachine.java;
import static com.example.contactsync.benchmark.BenchmarkMachine.loadAverage;
import static com.example.contactsync.benchmark.BenchmarkMachine.memory;
import static com.example.contactsync.benchmark.BenchmarkMachine.procValue;
import static com.example.contactsync.benchmark.BenchmarkMachine.staleJar;
import static com.example.contactsync.benchmark.BenchmarkMachine.tail;
import static com.example.contactsync.benchmark.BenchmarkMachine.words;

/**
 * Whole {@code run} processes of the packaged job side by side with a bare hand-written
 * loop doing the same work on the same data ({@link BareLoop}), on PostgreSQL, against a
 * stub of the API that answers in well under a millisecond ({@link BenchmarkStub}).
 * Prints one table: per backlog, the bare loop and the job at each concurrency, with
 * throughput, the ratio to the bare loop, calls per second and the peak heap and RSS of
 * the process ({@link MeasuredProcess}); then, at an API latency of 50 ms and
 * {@code calls-per-second} 20, the calls per second reached against the bound
 * {@code min(calls-per-second, concurrency / latency)}.
 * <p>
 * Not part of the test suite. It runs the jar, so build it first: <pre>
 * ./mvnw -q -DskipTests package
 * ./mvnw -q test -Dsurefire.excludedGroups=none -Dtest=SyncBenchmark
 * </pre> System properties (on the Maven command line): {@code benchmark.sizes} (default
 * {@code 10000,100000,1000000}), {@code benchmark.concurrency} (default {@code 1,4};
 * passed as {@code --contact-sync.concurrency=N}, left out when the jar does not declare
 * that setting and N is 1), {@code benchmark.latency-ms} (API latency of the first block,
 * default 0), {@code benchmark.rate-size} (backlog of the second block, default 10000, 0
 * leaves it out), {@code benchmark.jvm-args} (extra options for every child JVM),
 * {@code benchmark.jfr} ({@code true}: a JFR recording of each job process under
 * {@code target/benchmark}), {@code benchmark.cds} (default {@code true}: each job case
 * also as {@code job c=N launcher}, started as the launchers in {@code jobs/} start it:
 * the jar extracted, {@code @jobs/jvm.options} and an AppCDS archive; the extraction and
 * training run happen once, in {@code target/benchmark/cds}),
 * {@code benchmark.command-rounds} (default 5: the commands a person waits for, each that
 * often, as launched; 0 leaves them out), {@code benchmark.cds-first} ({@code true}: the
 * launcher case before the plain one), {@code benchmark.repeat} (default 1: each
 * backlog's cases run that many rounds, and a median row per case follows the rounds),
 * {@code
 * benchmark.job-jvm-args} (extra options for the job's JVMs only), {@code
 * benchmark.baseline-jar} (another build, run as {@code before c=N} beside each job
 * case), {@code benchmark.source-sizes} (default none: the source-mode block, see
 * {@link #sourceBlock()}), {@code benchmark.remote-size} (default 0, left out: the remote
 * partitioning block, see {@link RemoteBlock}). Everything listens and connects on
 * 127.0.0.1 only (and the test PostgreSQL server).
 */
@Tag("benchmark")
@Timeout(value = 4, unit = TimeUnit.HOURS)
class SyncBenchmark {

	private static final String TOKEN = "benchmark-token";

	private static final String DATE = "2026-11-25";

	private static final int CHUNK_SIZE = 100;

	private static final long UNLIMITED_CALLS_PER_SECOND = 1_000_000;

	private static final int MAX_IN_FLIGHT = 64;

	private static final int RATE_LATENCY_MS = 50;

	private static final int RATE_CALLS_PER_SECOND = 20;

	/** The source-mode block's concurrency (1 with a jar that has no such setting). */
	private static final int SOURCE_CONCURRENCY = 4;

	private static final String CONCURRENCY_SETTING = "contact-sync.concurrency";

	private static final Path OUT = Path.of("target", "benchmark");

	/** The JVM options of every launcher in {@code jobs/}, as a Java argument file. */
	private static final String JVM_OPTIONS = "@" + Path.of("jobs", "jvm.options").toAbsolutePath();

	private final List<Integer> sizes = ints("benchmark.sizes", "10000,100000,1000000");

	private final List<Integer> concurrencies = ints("benchmark.concurrency", "1,4");

	private final int latencyMs = Integer.getInteger("benchmark.latency-ms", 0);

	private final int rateSize = Integer.getInteger("benchmark.rate-size", 10_000);

	private final List<String> jvmArgs = words(System.getProperty("benchmark.jvm-args", ""));

	/**
	 * Another build of the jar (say, of the last release), run as {@code before c=N}
	 * beside each job case: a before/after in one run.
	 */
	private final Path baselineJar = Optional.ofNullable(System.getProperty("benchmark.baseline-jar"))
		.filter((path) -> !path.isBlank())
		.map(Path::of)
		.orElse(null);

	/** How many times each backlog's cases run, one after the other (bare loop, jobs). */
	private final int repeat = Integer.getInteger("benchmark.repeat", 1);

	/** Extra options for the job's JVM only (after {@link #jvmArgs}). */
	private final List<String> jobJvmArgs = words(System.getProperty("benchmark.job-jvm-args", ""));

	private final boolean jfr = Boolean.getBoolean("benchmark.jfr");

	private final int remoteSize = Integer.getInteger("benchmark.remote-size", 0);

	private final boolean cds = Boolean.parseBoolean(System.getProperty("benchmark.cds", "true"));

	/** {@code true}: each CDS case runs before the plain one instead of after it. */
	private final boolean cdsFirst = Boolean.getBoolean("benchmark.cds-first");

	/**
	 * The source-mode block's sizes: a source table of each size, run three times (empty,
	 * the default, leaves the block out).
	 */
	private final List<Integer> sourceSizes = ints("benchmark.source-sizes", "");

	/** How often each command of the commands block runs (0 leaves the block out). */
	private final int commandRounds = Integer.getInteger("benchmark.command-rounds", 5);

	/** The jar extracted as the container image has it, with its AppCDS archive. */
	private Path cdsJar;

	private Path cdsArchive;

	private Path jar;

	private boolean jarHasConcurrency;

	private TestPostgres.Database database;

	private BenchmarkDatabase data;

	private BenchmarkStub stub;

	private final List<String> bareLoopPhases = new ArrayList<>();

	private final java.util.Set<String> collectors = new java.util.TreeSet<>();

	@Test
	void jobBesideABareLoop() throws Exception {
		Files.createDirectories(OUT);
		this.jar = jar();
		this.jarHasConcurrency = declares(this.jar, CONCURRENCY_SETTING);
		this.database = TestPostgres.createDatabase("benchmark");
		this.data = new BenchmarkDatabase(this.database);
		if (this.cds) {
			trainCds();
		}
		List<String> table = new ArrayList<>();
		try (BenchmarkStub stub = BenchmarkStub.start(TOKEN)) {
			this.stub = stub;
			double roundTripMs = this.stub.roundTripMs(TOKEN);
			createSchema();
			table.addAll(header(roundTripMs));
			if (!this.sizes.isEmpty()) {
				table.add("");
				table.addAll(firstBlock());
			}
			if (this.rateSize > 0) {
				table.add("");
				table.addAll(rateBlock());
			}
			if (this.remoteSize > 0) {
				table.add("");
				table.addAll(remoteBlock());
			}
			if (!this.sourceSizes.isEmpty()) {
				table.add("");
				table.addAll(sourceBlock());
			}
			if (this.cds && this.commandRounds > 0) {
				table.add("");
				List<String> launcher = new ArrayList<>(List.of(java()));
				launcher.addAll(this.jvmArgs);
				launcher.addAll(List.of(JVM_OPTIONS, "-XX:SharedArchiveFile=" + this.cdsArchive, "-jar",
						this.cdsJar.toString()));
				table.addAll(CommandLatencies.measure(launcher, settings(UNLIMITED_CALLS_PER_SECOND),
						this.commandRounds, OUT));
			}
			table.add("");
			table.add("load average (1, 5, 15 min) at the end: " + loadAverage());
		}
		String printed = String.join(System.lineSeparator(), table) + System.lineSeparator();
		System.out.print(System.lineSeparator() + printed);
		Path file = OUT.resolve("sync-benchmark-"
				+ DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)) + ".txt");
		Files.writeString(file, printed);
		System.err.println("[benchmark] table written to " + file);
	}

	/** The first block: per backlog, the bare loop and the job at each concurrency. */
	private List<String> firstBlock() throws Exception {
		List<String> table = new ArrayList<>();
		table.add(String.format("API latency %d ms, calls-per-second %d, max-in-flight %d, chunk size %d",
				this.latencyMs, UNLIMITED_CALLS_PER_SECOND, MAX_IN_FLIGHT, CHUNK_SIZE));
		table.add(String.format("%-16s %9s %8s %10s %6s %7s %6s %8s %9s %9s %8s", "case", "changes", "seconds",
				"changes/s", "x bare", "run s", "calls", "calls/s", "heap MB", "live MB", "RSS MB"));
		boolean footnote = false;
		for (int size : this.sizes) {
			java.util.Map<String, List<CaseRow>> byCase = new java.util.LinkedHashMap<>();
			// per case, its whole process against the bare loop's of the same round
			java.util.Map<String, List<Double>> ratios = new java.util.HashMap<>();
			for (int round = 1; round <= this.repeat; round++) {
				if (this.repeat > 1) {
					table.add(String.format("round %d of %d", round, this.repeat));
				}
				this.stub.latency(Duration.ofMillis(this.latencyMs));
				CaseRow bare = bare(size);
				table.add(bare.format(bare.seconds()));
				byCase.computeIfAbsent(bare.label(), (label) -> new ArrayList<>()).add(bare);
				for (int concurrency : this.concurrencies) {
					if (!this.jarHasConcurrency && concurrency != 1) {
						table.add(String.format("%-16s %9d   not measured: the jar has no %s setting",
								"job c=" + concurrency, size, CONCURRENCY_SETTING));
						continue;
					}
					footnote |= !this.jarHasConcurrency;
					List<CaseRow> rows = new ArrayList<>();
					if (this.baselineJar != null) {
						rows.add(job(size, concurrency, UNLIMITED_CALLS_PER_SECOND, false, this.baselineJar));
					}
					if (this.cds && this.cdsFirst) {
						rows.add(job(size, concurrency, UNLIMITED_CALLS_PER_SECOND, true));
					}
					rows.add(job(size, concurrency, UNLIMITED_CALLS_PER_SECOND));
					if (this.cds && !this.cdsFirst) {
						rows.add(job(size, concurrency, UNLIMITED_CALLS_PER_SECOND, true));
					}
					for (CaseRow row : rows) {
						table.add(row.format(bare.seconds()));
						byCase.computeIfAbsent(row.label(), (label) -> new ArrayList<>()).add(row);
						ratios.computeIfAbsent(row.label(), (label) -> new ArrayList<>())
							.add(row.seconds() / bare.seconds());
					}
				}
			}
			if (this.repeat > 1) {
				table.add(String.format("median of the %d rounds (per case, the round whose whole process took the"
						+ " median time; x bare: the median of the rounds' x bare, each against its own round's"
						+ " bare loop)", this.repeat));
				byCase.forEach((label, rows) -> table.add(CaseRow.median(rows)
					.formatRatio(ratios.containsKey(label) ? CaseRow.medianOf(ratios.get(label)) : 1.0)));
			}
		}
		table.addAll(CaseRow.legend(footnote, CONCURRENCY_SETTING));
		table.add("The child JVMs' collector: " + String.join(", ", this.collectors) + ".");
		table.add("Where the bare loop's time went:");
		this.bareLoopPhases.forEach((phases) -> table.add("  " + phases));
		return table;
	}

	private List<String> rateBlock() throws Exception {
		List<String> block = new ArrayList<>();
		block.add(String.format("API latency %d ms, calls-per-second %d, max-in-flight %d, %d changes", RATE_LATENCY_MS,
				RATE_CALLS_PER_SECOND, MAX_IN_FLIGHT, this.rateSize));
		block.add(String.format("%-12s %6s %8s %8s %7s %10s %9s %8s", "case", "calls", "window s", "calls/s", "bound",
				"of bound", "changes/s", "in flight"));
		this.stub.latency(Duration.ofMillis(RATE_LATENCY_MS));
		for (int concurrency : this.concurrencies) {
			if (!this.jarHasConcurrency && concurrency != 1) {
				block.add(String.format("%-12s   not measured: the jar has no %s setting", "job c=" + concurrency,
						CONCURRENCY_SETTING));
				continue;
			}
			CaseRow job = job(this.rateSize, concurrency, RATE_CALLS_PER_SECOND);
			BenchmarkStub.Counters calls = job.calls();
			double window = calls.apiWindowSeconds();
			double callsPerSecond = calls.calls() / window;
			double bound = Math.min(RATE_CALLS_PER_SECOND, concurrency / (RATE_LATENCY_MS / 1000.0));
			block.add(String.format("%-12s %6d %8.2f %8.1f %7.1f %9.0f%% %9.0f %8d", job.label(), calls.calls(), window,
					callsPerSecond, bound, 100 * callsPerSecond / bound, calls.entries() / window,
					calls.maxInFlight()));
		}
		block.add("window s: the first call's arrival at the stub to its last answer; calls/s = calls / window;");
		block.add(
				"bound = min(calls-per-second, concurrency / latency); in flight: the most calls the stub had at once.");
		return block;
	}

	/**
	 * Remote partitioning: {@link RemoteBlock}, the local run as {@link #job} runs it.
	 */
	private List<String> remoteBlock() throws Exception {
		return new RemoteBlock(this.remoteSize, this.repeat, CHUNK_SIZE, DATE, this.data, this.stub, OUT,
				settings(RemoteBlock.CALLS_PER_SECOND), this::javaJar,
				(size, callsPerSecond) -> job(size, 4, callsPerSecond), this::measure)
			.lines();
	}

	/** {@code java}, the JVM's options (and JFR) and {@code -jar} of the jar. */
	private List<String> javaJar(String name) {
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(this.jvmArgs);
		if (this.jfr) {
			command.add("-XX:StartFlightRecording=filename=" + OUT.resolve(name + ".jfr") + ",settings=profile");
		}
		command.addAll(List.of("-jar", this.jar.toString()));
		return command;
	}

	/** Source mode: {@link SourceModeBlock}, each run started as the job's runs are. */
	private List<String> sourceBlock() throws Exception {
		int concurrency = this.jarHasConcurrency ? SOURCE_CONCURRENCY : 1;
		return new SourceModeBlock(new SourceTable(this.data), this.sourceSizes, this.repeat, concurrency, CHUNK_SIZE,
				this.cds ? "as launched (@jobs/jvm.options, the AppCDS archive)" : "java @jobs/jvm.options -jar",
				(label, name, day, timeout) -> sourceRun(label, name, day, timeout, concurrency), this.stub::counters)
			.lines();
	}

	private MeasuredProcess.Result sourceRun(String label, String name, int day, Duration timeout, int concurrency)
			throws Exception {
		return runJob(label, name, this.cds ? launchWithArchive() : List.of(JVM_OPTIONS, "-jar", this.jar.toString()),
				List.of("run", "--date=" + java.time.LocalDate.parse(DATE).plusDays(day),
						"--contact-sync.source.relation=" + SourceTable.RELATION),
				UNLIMITED_CALLS_PER_SECOND, concurrency, timeout);
	}

	private CaseRow bare(int size) throws Exception {
		this.data.reset(size);
		long pages = (size + CHUNK_SIZE - 1) / CHUNK_SIZE + 1;
		Duration timeout = CaseRow.timeout(size);
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(this.jvmArgs);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareLoop.class.getName(),
				this.database.url(), this.database.user(), this.database.password(), this.stub.baseUrl().toString(),
				TOKEN, Integer.toString(CHUNK_SIZE), Long.toString(pages), Long.toString(timeout.toSeconds())));
		String label = "bare loop";
		MeasuredProcess.Result result = measure(label, "bare-" + size, command, timeout);
		Matcher loop = Pattern.compile("bare-loop pages=\\d+ changes=(\\d+) seconds=([0-9.]+)(.*)")
			.matcher(result.output());
		if (result.exitCode() != 0 || !loop.find() || Integer.parseInt(loop.group(1)) != size) {
			throw new IllegalStateException("The bare loop did not sync " + size + " changes: " + tail(result));
		}
		this.bareLoopPhases.add(String.format("%d changes:%s", size, loop.group(3)));
		this.data.checkEverythingSynced(size, label, result);
		return new CaseRow(label, size, result, Double.parseDouble(loop.group(2)), this.stub.counters());
	}

	private CaseRow job(int size, int concurrency, long callsPerSecond) throws Exception {
		return job(size, concurrency, callsPerSecond, false);
	}

	/**
	 * One {@code run} of the job: {@code java -jar} of the packaged jar, or, with
	 * {@code cds}, as the launchers in {@code jobs/} start it: the jar extracted, with
	 * the launchers' JVM options and its AppCDS archive
	 * ({@code java @jobs/jvm.options -XX:SharedArchiveFile=... -jar contact-sync.jar}).
	 */
	private CaseRow job(int size, int concurrency, long callsPerSecond, boolean cds) throws Exception {
		return job(size, concurrency, callsPerSecond, cds, null);
	}

	/**
	 * One {@code run} of the job, or, with a {@code baseline} jar, {@code java -jar} of
	 * that jar (another build, for a before/after in one run).
	 */
	private CaseRow job(int size, int concurrency, long callsPerSecond, boolean cds, Path baseline) throws Exception {
		this.data.reset(size);
		String name = "job-c" + concurrency + "-" + size
				+ ((callsPerSecond < UNLIMITED_CALLS_PER_SECOND)
						? "-" + callsPerSecond + "cps-" + RATE_LATENCY_MS + "ms" : "")
				+ (cds ? "-cds" : "") + ((baseline != null) ? "-before" : "");
		String label = ((baseline != null) ? "before" : "job") + " c=" + concurrency
				+ (this.jarHasConcurrency ? "" : "*") + (cds ? " launcher" : "");
		List<String> launch = cds ? launchWithArchive()
				: List.of("-jar", ((baseline != null) ? baseline : this.jar).toString());
		MeasuredProcess.Result result = runJob(label, name, launch, List.of("run", "--date=" + DATE), callsPerSecond,
				concurrency, CaseRow.timeout(size));
		if (cds && result.output().contains("Unable to use shared archive")) {
			throw new IllegalStateException(label + " did not use the archive: " + tail(result));
		}
		this.data.checkEverythingSynced(size, label, result);
		return new CaseRow(label, size, result, this.data.jobExecutionSeconds(), this.stub.counters());
	}

	/**
	 * As the launchers start the job: {@code @jobs/jvm.options} and the AppCDS archive.
	 */
	private List<String> launchWithArchive() {
		return List.of(JVM_OPTIONS, "-XX:SharedArchiveFile=" + this.cdsArchive, "-jar", this.cdsJar.toString());
	}

	/**
	 * Runs the job as a process of its own: the JVM's options (and JFR), {@code launch},
	 * then {@code run} and the benchmark's settings; throws unless it exits 0.
	 */
	private MeasuredProcess.Result runJob(String label, String name, List<String> launch, List<String> run,
			long callsPerSecond, int concurrency, Duration timeout) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(this.jvmArgs);
		command.addAll(this.jobJvmArgs);
		if (this.jfr) {
			command.add("-XX:StartFlightRecording=filename=" + OUT.resolve(name + ".jfr") + ",settings=profile");
		}
		command.addAll(launch);
		command.addAll(run);
		command.addAll(settings(callsPerSecond));
		if (this.jarHasConcurrency) {
			command.add("--" + CONCURRENCY_SETTING + "=" + concurrency);
		}
		MeasuredProcess.Result result = measure(label, name, command, timeout);
		if (result.exitCode() != 0) {
			throw new IllegalStateException(label + " exited with " + result.exitCode() + ": " + tail(result));
		}
		return result;
	}

	private MeasuredProcess.Result measure(String label, String name, List<String> command, Duration timeout)
			throws IOException, InterruptedException {
		System.err.printf("[benchmark] %s %s ...%n", Instant.now(), name);
		this.stub.reset();
		MeasuredProcess.Result result = MeasuredProcess.run(command, OUT.resolve(name + ".log"), timeout);
		this.collectors.add(result.collector());
		System.err.printf("[benchmark] %s %s: %.1f s, exit %d%n", Instant.now(), name, result.seconds(),
				result.exitCode());
		return result;
	}

	private List<String> settings(long callsPerSecond) {
		return List.of("--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + this.database.user(),
				"--spring.datasource.password=" + this.database.password(), "--dustess.base-url=" + this.stub.baseUrl(),
				"--dustess.access-token=" + TOKEN, "--dustess.rate-limit.calls-per-second=" + callsPerSecond,
				"--dustess.rate-limit.max-in-flight=" + MAX_IN_FLIGHT, "--contact-sync.chunk-size=" + CHUNK_SIZE);
	}

	/**
	 * The jar extracted into {@code target/benchmark/cds} and its AppCDS archive, made as
	 * {@code jobs/container/Dockerfile} makes them: Boot's extraction, then one training
	 * run with {@code jobs/jvm.options} that exits at the context's refresh on an
	 * in-memory database. Made again when the jar or the options are newer than the
	 * archive.
	 */
	private void trainCds() throws Exception {
		Path directory = OUT.resolve("cds").toAbsolutePath();
		this.cdsJar = directory.resolve("contact-sync.jar");
		this.cdsArchive = directory.resolve("contact-sync.jsa");
		if (Files.exists(this.cdsArchive)
				&& Files.getLastModifiedTime(this.cdsArchive)
					.toInstant()
					.isAfter(Files.getLastModifiedTime(this.jar).toInstant())
				&& Files.getLastModifiedTime(this.cdsArchive)
					.toInstant()
					.isAfter(Files.getLastModifiedTime(Path.of("jobs", "jvm.options")).toInstant())) {
			return;
		}
		if (Files.exists(directory)) {
			try (Stream<Path> files = Files.walk(directory)) {
				for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
		Path copy = Files.createDirectories(OUT.resolve("cds-jar")).resolve("contact-sync.jar");
		Files.copy(this.jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		List<List<String>> steps = List.of(
				List.of(java(), "-Djarmode=tools", "-jar", copy.toString(), "extract", "--destination",
						directory.toString()),
				List.of(java(), JVM_OPTIONS, "-XX:ArchiveClassesAtExit=" + this.cdsArchive, "-jar",
						this.cdsJar.toString(), "migrate", "--spring.datasource.url=jdbc:h2:mem:training"));
		for (List<String> step : steps) {
			MeasuredProcess.Result result = MeasuredProcess.run(step, OUT.resolve("cds-training.log"),
					Duration.ofMinutes(3));
			if (result.exitCode() != 0) {
				throw new IllegalStateException(
						String.join(" ", step) + " exited with " + result.exitCode() + ": " + tail(result));
			}
		}
		if (!Files.exists(this.cdsArchive)) {
			throw new IllegalStateException("The training run wrote no " + this.cdsArchive);
		}
	}

	/** The schema, as the jar's own migrations make it. */
	private void createSchema() throws Exception {
		List<String> command = new ArrayList<>(List.of(java(), "-jar", this.jar.toString(), "migrate"));
		command.addAll(settings(UNLIMITED_CALLS_PER_SECOND));
		MeasuredProcess.Result result = MeasuredProcess.run(command, OUT.resolve("schema.log"), Duration.ofMinutes(3));
		if (result.exitCode() != 0) {
			throw new IllegalStateException(
					"contact-sync migrate exited with " + result.exitCode() + ": " + tail(result));
		}
	}

	private List<String> header(double stubRoundTripMs) throws Exception {
		List<String> header = new ArrayList<>();
		header.add("SyncBenchmark, "
				+ DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(ZonedDateTime.now(ZoneOffset.UTC)));
		header.add(String.format("machine: %d CPUs (%s), %s memory, %s %s", Runtime.getRuntime().availableProcessors(),
				procValue("/proc/cpuinfo", "model name"), memory(), System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version")));
		try (Connection connection = this.data.connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SHOW server_version")) {
			rs.next();
			header.add("database: PostgreSQL " + rs.getString(1) + " on "
					+ ((System.getenv("TEST_PG_URL") != null) ? "TEST_PG_URL" : "the embedded test server")
					+ ", fresh data per case (TRUNCATE, COPY, VACUUM ANALYZE, CHECKPOINT)");
		}
		String built = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
			.format(Files.getLastModifiedTime(this.jar).toInstant().atZone(ZoneOffset.UTC));
		header.add("job: " + this.jar.getFileName() + " built " + built + ", work tree at " + commit()
				+ (staleJar(this.jar) ? " (WARNING: target/classes is newer than the jar)" : ""));
		if (this.baselineJar != null) {
			header.add("before: " + this.baselineJar + " (built "
					+ DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
						.format(Files.getLastModifiedTime(this.baselineJar).toInstant().atZone(ZoneOffset.UTC))
					+ "), java -jar, the JVM's default options");
		}
		header.add("child JVMs: " + (this.jvmArgs.isEmpty() ? "default options" : String.join(" ", this.jvmArgs))
				+ " (collector and heap sizing chosen by the JVM)" + (this.jfr ? ", JFR on" : "")
				+ (this.jobJvmArgs.isEmpty() ? "" : "; the job's also " + String.join(" ", this.jobJvmArgs)));
		header.add(String.format(Locale.ROOT,
				"stub: 127.0.0.1, TCP_NODELAY, round trip of a 1-entry call %.2f ms (median of 20, after 500 to warm up)",
				stubRoundTripMs));
		header.add("load average (1, 5, 15 min) at the start: " + loadAverage());
		return header;
	}

}
