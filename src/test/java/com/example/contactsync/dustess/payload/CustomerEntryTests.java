package com.example.contactsync.dustess.payload;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

import com.example.contactsync.dustess.payload.CustomerEntry.CustomField;
import com.example.contactsync.dustess.payload.CustomerEntry.Mobile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CustomerEntry#overlay}: every field on its own, with a value no other field has,
 * so two fields swapped in the merge cannot pass.
 */
class CustomerEntryTests {

	private static final RecordComponent[] COMPONENTS = CustomerEntry.class.getRecordComponents();

	@Test
	void overlayWhenLaterSetsEveryFieldThenLaterWinsInEveryFieldAndCustomFieldsOfBothAreKept() throws Exception {
		CustomerEntry earlier = entry("earlier", (i) -> true);
		CustomerEntry later = entry("later", (i) -> true);
		CustomerEntry merged = earlier.overlay(later);
		for (RecordComponent component : COMPONENTS) {
			Object expected = component.getName().equals("customFields")
					? List.of(earlier.customFields().get(0), later.customFields().get(0))
					: component.getAccessor().invoke(later);
			assertThat(component.getAccessor().invoke(merged)).as(component.getName()).isEqualTo(expected);
		}
	}

	@Test
	void overlayMergesCustomFieldsByIdTheLaterValueWinning() {
		CustomField earlierName = new CustomField("name", "text", null, null, "old", null);
		CustomField earlierLevel = new CustomField("level", "radio", null, null, "gold", null);
		CustomField laterName = new CustomField("name", "text", null, null, "new", null);
		CustomField laterScore = new CustomField("score", "number", null, 9.5, null, null);
		CustomerEntry merged = withCustomFields(List.of(earlierName, earlierLevel))
			.overlay(withCustomFields(List.of(laterName, laterScore)));
		assertThat(merged.customFields()).containsExactly(laterName, earlierLevel, laterScore);
	}

	private static CustomerEntry withCustomFields(List<CustomField> customFields) {
		return new CustomerEntry(null, "crm-1", null, null, null, null, null, null, null, null, null, null, null, null,
				null, customFields, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
	}

	@Test
	void overlayWhenLaterSetsNothingThenEarlierKeptInEveryField() throws Exception {
		CustomerEntry earlier = entry("earlier", (i) -> true);
		assertThat(earlier.overlay(entry("later", (i) -> false))).isEqualTo(earlier);
	}

	@Test
	void overlayTakesEachFieldFromTheLaterEntryOnlyWhereItIsSet() throws Exception {
		for (int parity = 0; parity < 2; parity++) {
			int setByLater = parity;
			CustomerEntry earlier = entry("earlier", (i) -> true);
			CustomerEntry later = entry("later", (i) -> i % 2 == setByLater);
			CustomerEntry merged = earlier.overlay(later);
			for (int i = 0; i < COMPONENTS.length; i++) {
				Object expected = COMPONENTS[i].getAccessor().invoke((i % 2 == setByLater) ? later : earlier);
				if (COMPONENTS[i].getName().equals("customFields") && i % 2 == setByLater) {
					expected = List.of(earlier.customFields().get(0), later.customFields().get(0));
				}
				assertThat(COMPONENTS[i].getAccessor().invoke(merged)).as(COMPONENTS[i].getName()).isEqualTo(expected);
			}
		}
	}

	@Test
	void overlayKeepsAnEmptyStringOrEmptyListOfTheLaterEntry() {
		CustomerEntry earlier = new CustomerEntry(null, "crm-1", "old remark", null, null, null,
				List.of(new Mobile("13800000000", "mobile", null)), null, null, null, null, null, null, null, null,
				null, List.of("t1"), null, null, null, null, null, null, null, null, null, null, null, null, null);
		CustomerEntry later = new CustomerEntry(null, "crm-1", "", null, null, null, List.of(), null, null, null, null,
				null, null, null, null, null, List.of(), null, null, null, null, null, null, null, null, null, null,
				null, null, null);
		CustomerEntry merged = earlier.overlay(later);
		assertThat(merged.remark()).isEmpty();
		assertThat(merged.mobiles()).isEmpty();
		assertThat(merged.tags()).isEmpty();
	}

	/**
	 * An entry whose component i, where {@code set} holds, has a value unique to it and
	 * the prefix.
	 */
	private static CustomerEntry entry(String prefix, IntPredicate set) throws Exception {
		Object[] values = new Object[COMPONENTS.length];
		for (int i = 0; i < COMPONENTS.length; i++) {
			values[i] = set.test(i) ? value(prefix, i, COMPONENTS[i]) : null;
		}
		Constructor<CustomerEntry> constructor = CustomerEntry.class
			.getDeclaredConstructor(Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
		return constructor.newInstance(values);
	}

	private static Object value(String prefix, int index, RecordComponent component) {
		String text = prefix + "-" + component.getName();
		if (component.getType() == String.class) {
			return text;
		}
		if (component.getType() == Integer.class) {
			return (prefix.equals("later") ? 1000 : 0) + index;
		}
		return switch (component.getName()) {
			case "mobiles" -> List.of(new Mobile(text, "mobile", null));
			case "customFields" -> List.of(new CustomField(text, "text", null, null, text, null));
			default -> List.of(text);
		};
	}

}
