/**
 * What every package may use, and which imports nothing of the application: the exception
 * for a missing or wrong setting
 * ({@link com.example.contactsync.system.InvalidConfigurationException}, exit code 2) and
 * which database this is ({@link com.example.contactsync.system.Databases}), and this
 * machine's name ({@link com.example.contactsync.system.Hosts}).
 */
package com.example.contactsync.system;
