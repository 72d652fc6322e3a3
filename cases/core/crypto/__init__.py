"""Encryption at rest for case data (T3, T5).

- ``keyring``: master keys from configuration, outside the database.
- ``aead``: AES-256-GCM with random 96-bit nonces, bound to associated data.
- ``datakeys``: one data key per case, stored only wrapped by a master key.
- ``fields``: model fields that encrypt on save and decrypt on access.
- ``blind_index``: keyed HMAC of normalised names and e-mails for exact matching.
"""
