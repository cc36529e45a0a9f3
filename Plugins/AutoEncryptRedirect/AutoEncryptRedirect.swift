// The AutoEncryptRedirect plugin.
