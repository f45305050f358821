// In-memory self-signed certificate for the https listener.
#pragma once

#include <string>

namespace testbed {

struct CertAndKey {
  std::string cert_pem;
  std::string key_pem;
};

// EC P-256 key and a certificate for CN=127.0.0.1, SAN IP:127.0.0.1 and DNS:localhost,
// valid from yesterday for a year. Returns false and sets `error` on failure.
bool MakeSelfSigned(CertAndKey& out, std::string& error);

}  // namespace testbed
