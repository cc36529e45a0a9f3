/* The CPluginABI target holds only the entry-point declaration in its header. */
#include "tlsguard_plugin.h"
