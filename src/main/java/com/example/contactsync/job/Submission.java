package com.example.contactsync.job;

import java.util.List;

import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * One {@code customer_list} entry and the changes it carries: one contact's changes of
 * the run, merged.
 *
 * @param entry the merged entry
 * @param changeIds the merged changes, in {@code change_id} order; never empty
 */
record Submission(CustomerEntry entry, List<Long> changeIds) {
}
