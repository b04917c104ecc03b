package io.countersign.audit;

import io.countersign.schema.AuditCheckpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs audit chain heads with Ed25519 (the JDK's own implementation), so that anyone holding the public
 * key can prove the chain up to a checkpoint was not rewritten — even by someone able to recompute hashes.
 *
 * <p>Keys are kept as PEM files (PKCS#8 private, X.509 public); the key id is the first 16 hex digits of
 * the SHA-256 of the public key, so verifiers can hold several keys across rotations.
 */
public final class AuditSigner {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public AuditSigner(KeyPair keys) {
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
        this.keyId = keyId(publicKey);
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
     * Loads {@code private.pem} and {@code public.pem} from {@code dir}, creating them (private key
     * readable by the owner only) when absent.
     */
    public static AuditSigner loadOrCreate(Path dir) throws IOException {
        Path priv = dir.resolve("audit-signing-key.pem");
        Path pub = dir.resolve("audit-signing-key.pub.pem");
        if (!Files.exists(priv)) {
            Files.createDirectories(dir);
            KeyPair keys = generate();
            writePem(pub, "PUBLIC KEY", keys.getPublic().getEncoded());
            writePem(priv, "PRIVATE KEY", keys.getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: nothing more we can do here.
            }
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(readPem(priv)));
            PublicKey publicKey = readPublicKey(pub);
            return new AuditSigner(new KeyPair(publicKey, privateKey));
        } catch (GeneralSecurityException e) {
            throw new IOException("Audit signing key in " + dir + " is not an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    /** Reads an X.509 PEM public key, as written next to the private key. */
    public static PublicKey readPublicKey(Path pem) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(readPem(pem)));
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Signs the head of one chain. */
    public AuditCheckpoint sign(int partition, long lastSequence, String headHash, Instant createdAt) {
        try {
            Signature sig = Signature.getInstance("Ed25519");
            sig.initSign(privateKey);
            sig.update(signedBytes(partition, lastSequence, headHash, createdAt));
            return AuditCheckpoint.newBuilder().setChainPartition(partition).setLastSequence(lastSequence)
                    .setHeadHash(headHash).setCreatedAt(createdAt).setKeyId(keyId)
                    .setSignature(ByteBuffer.wrap(sig.sign())).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign audit checkpoint", e);
        }
    }

    /** Whether {@code checkpoint}'s signature is valid under {@code key}. */
    public static boolean verify(AuditCheckpoint checkpoint, PublicKey key) {
        try {
            Signature sig = Signature.getInstance("Ed25519");
            sig.initVerify(key);
            sig.update(signedBytes(checkpoint.getChainPartition(), checkpoint.getLastSequence(),
                    checkpoint.getHeadHash(), checkpoint.getCreatedAt()));
            ByteBuffer signature = checkpoint.getSignature().duplicate();
            byte[] bytes = new byte[signature.remaining()];
            signature.get(bytes);
            return sig.verify(bytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The exact bytes signed: {@code partition|lastSequence|headHash|createdAtMillis} in UTF-8. */
    static byte[] signedBytes(int partition, long lastSequence, String headHash, Instant createdAt) {
        return (partition + "|" + lastSequence + "|" + headHash + "|" + createdAt.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8);
    }

    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(AuditHasher.sha256().digest(key.getEncoded())).substring(0, 16);
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static byte[] readPem(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }
}
