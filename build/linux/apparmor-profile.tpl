# Installed by the RMS Console .deb into /etc/apparmor.d/ (electron-builder's post-install script
# copies it there and loads it; the package's removal unloads and deletes it).
# Ubuntu 24.04+ blocks unprivileged user namespaces, which Chromium's sandbox needs to start.
# This profile gives the one installed binary that permission and nothing else: the sandbox stays on.
abi <abi/4.0>,
include <tunables/global>

profile ${executable} "/opt/${sanitizedProductName}/${executable}" flags=(unconfined) {
  userns,

  # Site-specific additions and overrides. See local/README for details.
  include if exists <local/${executable}>
}
