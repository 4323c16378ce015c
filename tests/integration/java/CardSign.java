// SPDX-License-Identifier: BSD-2-Clause
// Signs with the card's key through SunPKCS11 and verifies the signature
// through SunPKCS11 (the public key becomes a session object on the token)
// and through the default provider; a tampered message must be rejected
// by both.  Launched as a single-file source program:
//   java CardSign.java CONFIG PIN_FILE SUBJECT
// SUBJECT is the subject of the certificate whose key signs (RFC 2253).
// Exits 0 only when every check holds.
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;

public class CardSign {
    private static final String ALGORITHM = "SHA256withECDSA";
    private static int failures = 0;

    private static void check(String name, boolean ok) {
        System.out.println((ok ? "ok - " : "not ok - ") + name);
        if (!ok)
            failures++;
    }

    private static boolean verify(Signature verifier, PublicKey key,
                                  byte[] message, byte[] signature)
            throws Exception {
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java CardSign.java CONFIG PIN_FILE SUBJECT");
            System.exit(2);
        }
        Provider p11 = Security.getProvider("SunPKCS11").configure(args[0]);
        char[] pin = Files.readString(Path.of(args[1])).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS11", p11);
        store.load(null, pin);
        Arrays.fill(pin, '\0');

        String alias = null;
        String anyKey = null;
        for (String a : Collections.list(store.aliases())) {
            X509Certificate cert = (X509Certificate) store.getCertificate(a);
            String subject = cert == null ? "-"
                    : cert.getSubjectX500Principal().getName();
            boolean isKey = store.isKeyEntry(a);
            System.out.println("# entry '" + a + "' key=" + isKey
                    + " subject=" + subject);
            if (isKey && subject.equals(args[2]))
                alias = a;
            if (isKey && anyKey == null)
                anyKey = a;
        }
        check("a private key entry has the certificate " + args[2],
                alias != null);
        // Without it, go on with another key entry: the signature checks
        // below still tell whether SunPKCS11 can verify on the token.
        if (alias == null)
            alias = anyKey;
        if (alias == null)
            System.exit(1);

        PrivateKey key = (PrivateKey) store.getKey(alias, null);
        PublicKey publicKey = store.getCertificate(alias).getPublicKey();
        byte[] message = "signed by the card through SunPKCS11"
                .getBytes(StandardCharsets.UTF_8);
        byte[] tampered = message.clone();
        tampered[0] ^= 1;

        Signature signer = Signature.getInstance(ALGORITHM, p11);
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        System.out.println("# signed by " + signer.getProvider().getName());
        check(ALGORITHM + " signature made with the card's key",
                signature.length > 0);

        Signature onCard = Signature.getInstance(ALGORITHM, p11);
        boolean cardAccepts = false;
        boolean cardRejectsTampered = false;
        try {
            cardAccepts = verify(onCard, publicKey, message, signature);
            cardRejectsTampered = !verify(onCard, publicKey, tampered, signature);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause())
                System.out.println("# SunPKCS11 verification: " + t);
        }
        check("SunPKCS11 verifies the signature with the certificate's key",
                cardAccepts);
        check("SunPKCS11 rejects the signature over a tampered message",
                cardRejectsTampered);

        Signature software = Signature.getInstance(ALGORITHM);
        System.out.println("# default provider: "
                + software.getProvider().getName());
        check("the default provider verifies the signature",
                verify(software, publicKey, message, signature));
        check("the default provider rejects a tampered message",
                !verify(software, publicKey, tampered, signature));
        System.exit(failures == 0 ? 0 : 1);
    }
}
