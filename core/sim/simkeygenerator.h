// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

/// One SSH key pair in OpenSSH format.
struct SimKeyPair {
    QByteArray privateKey;
    QByteArray publicKey; ///< "ssh-ed25519 AAAA... comment"
    bool fake = false; ///< a placeholder, not a usable key (ssh-keygen missing or disabled)
};

/// Makes SSH key pairs for the simulated operator, asynchronously: real ed25519 keys with `ssh-keygen`
/// when it is installed (and enabled), otherwise clearly fake placeholders that are still unique, so
/// that mismatched keys can be detected.
class SimKeyGenerator : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const SimKeyPair &)>;

    explicit SimKeyGenerator(QObject *parent = nullptr);
    ~SimKeyGenerator() override;

    /// Real keys when ssh-keygen is available (default true).
    void setUseRealKeys(bool useRealKeys) { mUseRealKeys = useRealKeys; }
    [[nodiscard]] bool useRealKeys() const { return mUseRealKeys; }

    /// Calls `done` later (never synchronously) with a new key pair. The call is dropped if the
    /// generator is destroyed first.
    void generate(const QString &comment, Callback done);

    /// A unique placeholder that is obviously not a key.
    [[nodiscard]] static SimKeyPair fakeKeyPair(const QString &comment);

private:
    bool mUseRealKeys = true;
    bool mSshKeygenMissing = false;
};
