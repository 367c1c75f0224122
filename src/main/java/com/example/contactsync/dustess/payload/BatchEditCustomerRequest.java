package com.example.contactsync.dustess.payload;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /customer/v1/batchEditCustomer}.
 *
 * @param customerList the entries, in request order; the response refers to them by their
 * 1-based position ({@code index})
 */
public record BatchEditCustomerRequest(@JsonProperty("customer_list") List<CustomerEntry> customerList) {
}
