package com.example.contactsync.dustess;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Dustess properties and clients for tests, made the way the application makes them: the
 * properties are bound from settings by Spring's {@link Binder}, so that whatever a test
 * leaves out has the default of its {@code @DefaultValue} (one source for defaults).
 */
public final class DustessTestSupport {

	/** Where the token exchange is, for test servers that serve it. */
	public static final String TOKEN_PATH = ClientCredentialsAccessTokens.TOKEN_PATH;

	private DustessTestSupport() {
	}

	/**
	 * Binds {@link DustessProperties} from settings named without their {@code dustess.}
	 * prefix, such as {@code "retry.max-attempts"}; {@code null} values are left out.
	 */
	public static DustessProperties properties(Map<String, ?> settings) {
		Map<String, Object> source = new LinkedHashMap<>();
		settings.forEach((name, value) -> {
			if (value != null) {
				source.put("dustess." + name, value);
			}
		});
		return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("dustess", DustessProperties.class);
	}

	/** A client as the application wires it, with a meter registry of its own. */
	public static DustessClient client(DustessProperties properties) {
		return DustessClients.create(RestClient.builder(), properties, JsonMapper.builder().build(),
				new SimpleMeterRegistry());
	}

}
