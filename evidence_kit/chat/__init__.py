"""Chat exports (WhatsApp, Telegram, Instagram, Messenger) turned into sealed evidence, key messages and identifiers."""
