"""Translation engines: Argos packages (management) run with CTranslate2 (inference)."""
