package com.example.contactsync.logging;

import java.util.Set;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PersonalDataMaskingTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			call 13800001234 now                    | call *******1234 now
			tel +86 138-0000-1234.                  | tel *************1234.
			intl +44 20 7946 0958                   | intl ************0958
			landline 028-85551234                   | landline ********1234
			id 11010519491231002X ok                | id **************002X ok
			old id 110105491231002                  | old id ***********1002
			mail zhang.san@example.com.cn           | mail ***@***
			wx wxid_a1b2c3d4                        | wx wxid_***
			change 42 and run 7 in 2026-11-25       | change 42 and run 7 in 2026-11-25
			uuid d3e83957-175a-11eb-b365-111111111111 | uuid d3e83957-175a-11eb-b365-111111111111
			""")
	void maskHidesPersonalDataAndKeepsTheRest(String text, String masked) {
		assertThat(PersonalDataMasking.mask(text)).isEqualTo(masked);
	}

	@Test
	void maskValuesWhenAJsonDocumentThenEveryStringButThoseOfTheNamedFieldsMaskedToItsTail() {
		JsonMapper mapper = JsonMapper.builder().build();
		JsonNode document = mapper.readTree("""
				{"id":"cid-1","name":"Zhang San","ab":"ab","mobiles":[{"tel":"13800001234","type":"mobile"}],
				 "tags":["t-1"],"notes":["free text"],"age":30}""");

		JsonNode masked = PersonalDataMasking.maskValues(document, Set.of("id", "type", "tags"));

		assertThat(masked.toString())
			.isEqualTo("{\"id\":\"cid-1\",\"name\":\"*******an\",\"ab\":\"**\",\"mobiles\":[{\"tel\":\"*********34\","
					+ "\"type\":\"mobile\"}],\"tags\":[\"t-1\"],\"notes\":[\"*******xt\"],\"age\":30}");
		assertThat(document.get("name").asString()).isEqualTo("Zhang San");
	}

	@Test
	void secretsAreRemovedFromEveryLineWhateverLoggerAndLevelEmitsIt(CapturedOutput output) throws Exception {
		Secrets.register("registered-token-value-42");
		LoggerContext context = applicationLogback();
		context.getLogger("ROOT").setLevel(ch.qos.logback.classic.Level.TRACE);
		try {
			context.getLogger("jdk.internal.httpclient.debug")
				.trace("POST https://api.example/customer/v1/batchEditCustomer?accessToken=Zm9vYmFy%2B1&x=1 HTTP/1.1");
			context.getLogger("org.springframework.web.client")
				.debug("Reading {\"success\":true,\"data\":{\"accessToken\":\"fetched-7f3a\",\"expiresIn\":7200}}");
			context.getLogger("org.springframework.web.client")
				.debug("Writing {\"clientId\":\"c-1\",\"clientSecret\":\"s3cr3t\\\"quoted\"}");
			context.getLogger("any")
				.info("header value registered-token-value-42 seen",
						new IllegalStateException("url ...?accessToken=registered-token-value-42"));
		}
		finally {
			context.stop();
		}
		assertThat(output.getErr()).contains("batchEditCustomer?accessToken=***&x=1")
			.contains("\"accessToken\":\"***\"")
			.contains("\"clientSecret\":\"***\"}")
			.contains("header value *** seen")
			.doesNotContain("Zm9vYmFy")
			.doesNotContain("fetched-7f3a")
			.doesNotContain("s3cr3t")
			.doesNotContain("quoted")
			.doesNotContain("registered-token-value-42");
	}

	@Test
	void logLinesAndStackTracesAreMaskedByTheApplicationsLogbackConfiguration(CapturedOutput output) throws Exception {
		LoggerContext context = applicationLogback();
		try {
			context.getLogger("test")
				.error("Failing row contains (7, 13800001234, a@b.com)",
						new IllegalStateException("duplicate key 11010519491231002X"));
		}
		finally {
			context.stop();
		}
		assertThat(output.getErr()).contains("Failing row contains (7, *******1234, ***@***)")
			.contains("duplicate key **************002X")
			.doesNotContain("13800001234")
			.doesNotContain("a@b.com");
	}

	/** A logback context configured from the application's own logback-spring.xml. */
	private static LoggerContext applicationLogback() throws Exception {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		configurator.doConfigure(PersonalDataMaskingTests.class.getResource("/logback-spring.xml"));
		return context;
	}

}
