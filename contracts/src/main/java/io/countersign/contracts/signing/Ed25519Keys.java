package io.countersign.contracts.signing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Every Ed25519 key Countersign keeps (the audit checkpoints' signing key, each approval channel's
 * decision key): generation, PEM files (PKCS#8 private, X.509 public), key ids, signing and verifying,
 * with the JDK's own Ed25519. The key id is the first 16 hex digits of the SHA-256 of the public key, so
 * verifiers can hold several keys across rotations.
 */
public final class Ed25519Keys {

    private Ed25519Keys() {
    }

    /** A fresh key pair (for tests and first start of the embedded default). */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required by the Java platform (Java 15+)", e);
        }
    }

    /**
     * Loads an Ed25519 key pair from {@code priv} (PKCS#8 PEM) and {@code pub} (X.509 PEM), first creating
     * both when {@code priv} is absent, the private key readable by its owner only.
     */
    public static synchronized KeyPair loadOrCreate(Path priv, Path pub) throws IOException {
        if (!Files.exists(priv)) {
            if (priv.toAbsolutePath().getParent() != null) {
                Files.createDirectories(priv.toAbsolutePath().getParent());
            }
            // Pipeline instances starting together on a shared key directory would otherwise each write a
            // key over the other's, half-written files included: the first makes it, the others read it.
            Path lockFile = priv.resolveSibling(priv.getFileName() + ".lock");
            try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lock.lock()) {
                if (!Files.exists(priv)) {
                    create(priv, pub);
                }
            }
        }
        return new KeyPair(readPublicKey(pub), readPrivateKey(priv));
    }

    /** Writes the public key, then the private key under a temporary name renamed into place: its presence means both are whole. */
    private static void create(Path priv, Path pub) throws IOException {
        KeyPair keys = generate();
        Files.writeString(pub, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        Path tmp = priv.resolveSibling(priv.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            // Owner-only from its creation, before the key is in it.
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing more we can do here.
        }
        Files.writeString(tmp, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Files.move(tmp, priv, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a PKCS#8 PEM Ed25519 private key. */
    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(pem))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(pem + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** Reads an X.509 PEM public key, as written next to the private key. */
    public static PublicKey readPublicKey(Path pem) throws IOException {
        try {
            return publicKeyFromPem(Files.readString(pem));
        } catch (IllegalArgumentException e) {
            throw new IOException(pem + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Parses the text of an X.509 PEM Ed25519 public key; IllegalArgumentException when it is not one. */
    public static PublicKey publicKeyFromPem(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pemBody(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key in PEM: " + e.getMessage(), e);
        }
    }

    /** The X.509 PEM text of {@code key}, as written to public key files. */
    public static String toPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** The first 16 hex digits of the SHA-256 of the public key's encoding. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** The Ed25519 signature of {@code message}. */
    public static ByteBuffer sign(PrivateKey key, byte[] message) {
        try {
            Signature sig = Signature.getInstance("Ed25519");
            sig.initSign(key);
            sig.update(message);
            return ByteBuffer.wrap(sig.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s Ed25519 signature of {@code message}; false for a missing or malformed one. */
    public static boolean verify(PublicKey key, byte[] message, ByteBuffer signature) {
        if (signature == null) {
            return false;
        }
        try {
            Signature sig = Signature.getInstance("Ed25519");
            sig.initVerify(key);
            sig.update(message);
            ByteBuffer copy = signature.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return sig.verify(bytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(String text) {
        return Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}
