package com.example.contactsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.sandbox.DustessSandbox;

/**
 * {@code sandbox [--port=18089] [--token=...]}: serves the built-in stand-in for the
 * Dustess API alone, so that a run against the user's own database can be tried end to
 * end before the real credentials arrive. It starts no application context: it needs and
 * touches no database.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, description = {
		"Serves the sandbox of the Dustess API alone, on 127.0.0.1, for a trial run from another shell.",
		"Prints its base URL and token once, as the settings to give 'run' (DUSTESS_BASE_URL, DUSTESS_ACCESS_TOKEN).",
		"Needs and touches no database. SIGTERM or Ctrl-C stops it (exit 0)." })
class SandboxCommand extends AbstractCommand {

	@Option(names = "--port", defaultValue = "18089",
			description = "The loopback port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
	int port;

	@Option(names = "--token", description = "The only access token it accepts (default: a random one, printed once).")
	String token;

	@Override
	public Integer call() throws InterruptedException {
		if (this.port < 0 || this.port > 65535) {
			throw usage("--port must lie between 0 and 65535, was " + this.port);
		}
		if (this.token != null && !this.token.matches("[A-Za-z0-9._~-]{8,200}")) {
			throw usage("--token must be 8 to 200 letters, digits or . _ ~ -");
		}
		String accessToken = (this.token != null) ? this.token : randomToken();
		DustessSandbox sandbox;
		try {
			sandbox = DustessSandbox.start(this.port, accessToken, JsonMapper.builder().build());
		}
		catch (IOException ex) {
			return refuse("the sandbox cannot listen on 127.0.0.1:" + this.port + " (" + ex.getMessage()
					+ "); choose another --port");
		}
		CountDownLatch stop = new CountDownLatch(1);
		// SIGTERM or Ctrl-C stops the server through the one shutdown hook of the
		// process (GracefulShutdown), and the process ends with this command's 0
		GracefulShutdown.duringRun(stop::countDown);
		try {
			PrintWriter out = out();
			out.println("The Dustess sandbox answers on " + sandbox.baseUrl()
					+ " (batchEditCustomer; it fails some items on purpose, see the README). SIGTERM or Ctrl-C stops it.");
			out.println("Run against it from another shell with these settings:");
			out.println("DUSTESS_BASE_URL=" + sandbox.baseUrl() + " DUSTESS_ACCESS_TOKEN=" + accessToken);
			out.flush();
			stop.await();
		}
		finally {
			sandbox.close();
			out().println("The sandbox stopped.");
			out().flush();
			GracefulShutdown.runEnded();
		}
		return ExitCodes.OK;
	}

	/** A token no one can guess: 128 random bits. */
	static String randomToken() {
		byte[] bytes = new byte[16];
		new SecureRandom().nextBytes(bytes);
		return "sandbox-" + HexFormat.of().formatHex(bytes);
	}

}
