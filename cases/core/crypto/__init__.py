"""Encryption at rest for case data (T3, T5).

- ``keyring``: master keys from configuration, outside the database.
- ``keystore``: each case key's secret, in a database apart from the main one
  (``RECUEIL_KEY_STORE_URL``), backed up on its own short rotation (docs/BACKUP.md).
- ``aead``: AES-256-GCM with random 96-bit nonces, bound to associated data.
- ``datakeys``: one data key per case, stored only wrapped under a key derived from
  the master key and the case key's secret; shredding destroys both the wrapped key
  and the secret, so old main-database backups stay unreadable.
- ``fields``: model fields that encrypt on save and decrypt on access.
- ``blind_index``: keyed HMAC of normalised names and e-mails for exact matching.
"""
