import PluginAPI

// TODO: the plugin test kit (run one plugin on a message file with a given envelope and
// TLS facts) is still to be written.
public enum PluginTestKit {}
