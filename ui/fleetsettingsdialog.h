// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QPointer>

class FleetService;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

/// Fleet notifications: the optional webhook URL (checked by FleetService, shown redacted in messages) and the
/// entries whose notifications are muted, with Unmute. OK hands both to the service; the main window keeps them.
class FleetSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    FleetSettingsDialog(FleetService *service, QWidget *parent = nullptr);

    [[nodiscard]] QLineEdit *webhookEdit() const { return mWebhook; }
    [[nodiscard]] QListWidget *mutedList() const { return mMuted; }
    [[nodiscard]] QLabel *errorLabel() const { return mError; }

    void accept() override;

Q_SIGNALS:
    /// After OK: the settings now in the service.
    void applied(const QString &webhookUrl, const QSet<QString> &muted);

private:
    void check();

    QPointer<FleetService> mService;
    QLineEdit *mWebhook;
    QLabel *mError;
    QListWidget *mMuted;
    QPushButton *mUnmute;
    QDialogButtonBox *mButtons;
};
