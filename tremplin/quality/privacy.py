"""The class of data of the quality app's personal fields (accounts.privacy). The base
models hold no personal data: each part declares its own here or in privacy_<part>.py."""
