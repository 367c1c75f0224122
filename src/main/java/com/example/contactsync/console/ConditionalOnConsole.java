package com.example.contactsync.console;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The console is on in a web application ({@code serve}, {@code worker}) that names at
 * least one user ({@code contact-sync.console.users.<name>.*}); never in {@code run} and
 * the other commands.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(ConditionalOnConsole.UsersConfigured.class)
@interface ConditionalOnConsole {

	/** At least one user is configured. */
	class UsersConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return Binder.get(context.getEnvironment())
				.bind("contact-sync.console.users", Bindable.mapOf(String.class, ConsoleProperties.User.class))
				.map((users) -> !users.isEmpty())
				.orElse(false);
		}

	}

}
