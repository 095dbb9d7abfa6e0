package org.deployforge.plugins.internal;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.equinox.p2.core.UIServices;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Answers p2's trust questions (its CheckTrust phase, {@code CertificateChecker}) for a command-line or programmatic
 * install. Without a {@link UIServices} in the agent p2 accepts unsigned and untrusted content silently, so this one is
 * registered for the duration of each install: it trusts nothing unless the user allowed unsigned content, and
 * records what it refused.
 */
final class TrustPolicy extends UIServices {

	private final boolean allowUnsigned;
	final List<String> refused = new ArrayList<>();
	final List<String> allowed = new ArrayList<>();

	TrustPolicy(boolean allowUnsigned) {
		this.allowUnsigned = allowUnsigned;
	}

	@Override
	public TrustInfo getTrustInfo(Certificate[][] untrustedChains, String[] unsignedDetail) {
		List<Certificate> firsts = new ArrayList<>();
		List<String> subjects = new ArrayList<>();
		if (untrustedChains != null) {
			for (Certificate[] chain : untrustedChains) {
				if (chain.length > 0) {
					firsts.add(chain[0]);
					subjects.add(chain[0] instanceof X509Certificate x509 ? x509.getSubjectX500Principal().getName()
							: chain[0].getType() + " certificate");
				}
			}
		}
		List<String> unsigned = unsignedDetail == null ? List.of() : List.of(unsignedDetail);
		if (allowUnsigned) {
			if (!unsigned.isEmpty()) {
				allowed.add("unsigned (allowed by --allow-unsigned): " + String.join(", ", unsigned));
			}
			if (!subjects.isEmpty()) {
				allowed.add("signed by untrusted certificates (allowed by --allow-unsigned): " + String.join(", ", subjects));
			}
			return new TrustInfo(firsts.toArray(Certificate[]::new), false, true);
		}
		if (!unsigned.isEmpty()) {
			refused.add("unsigned: " + String.join(", ", unsigned));
		}
		if (!subjects.isEmpty()) {
			refused.add("signed by certificates this installation does not trust: " + String.join(", ", subjects));
		}
		return new TrustInfo(new Certificate[0], false, false);
	}

	@Override
	public @Nullable AuthenticationInfo getUsernamePassword(String location) {
		return null;
	}

	@Override
	public @Nullable AuthenticationInfo getUsernamePassword(String location, AuthenticationInfo previousInfo) {
		return null;
	}
}
