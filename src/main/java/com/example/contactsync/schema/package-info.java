/**
 * The database schema, migrated by Flyway at start-up: migration 1 runs Spring Batch's
 * own DDL from its jar; the business tables, the ops views, the read-only role and the
 * guard that keeps a waiting change's data unchanged follow from
 * {@code sql/schema/<vendor>/} and {@code sql/schema/common/}, the one source that the
 * application and the tests apply alike.
 * {@link com.example.contactsync.schema.ContactChangeGuard} is H2's form of that guard, a
 * Java trigger.
 */
package com.example.contactsync.schema;
