/*
 * tlsguard_plugin.h - the C entry point of a tlsguard rule plugin.
 *
 * A plugin shared library exports one function:
 *
 *     const struct tlsguard_plugin_entry *tlsguard_plugin_entry(void);
 *
 * The daemon finds it with dlsym, calls it once at start-up and reads api_version
 * before it touches anything else. The layout of this struct never changes, so a
 * daemon can read the version of a plugin built for any other API version and reject it
 * with a clear message instead of misreading Swift types whose layout changed.
 */
#ifndef TLSGUARD_PLUGIN_H
#define TLSGUARD_PLUGIN_H

#include <stdint.h>

#define TLSGUARD_PLUGIN_ENTRY_SYMBOL "tlsguard_plugin_entry"

struct tlsguard_plugin_entry {
    /* The plugin API version that the plugin was compiled against. */
    uint32_t api_version;
    /* An Unmanaged, retained Swift PluginRegistration; valid only when api_version
     * matches the daemon's version. */
    void *registration;
};

typedef const struct tlsguard_plugin_entry *(*tlsguard_plugin_entry_fn)(void);

#endif
