// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetsettingsdialog.h"

#include "engine/fleetservice.h"
#include "statusstyle.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

FleetSettingsDialog::FleetSettingsDialog(FleetService *service, QWidget *parent)
    : QDialog(parent)
    , mService(service)
    , mWebhook(new QLineEdit(this))
    , mError(new QLabel(this))
    , mMuted(new QListWidget(this))
    , mUnmute(new QPushButton(tr("&Unmute"), this))
    , mButtons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("fleetSettingsDialog"));
    setWindowTitle(tr("Fleet Notifications"));
    auto *intro = new QLabel(tr("When an entry turns late, critical or failing, and when it recovers, VolSync Desktop "
                                "tells you in the tray and the status bar (at most three a minute, then a summary)."),
        this);
    intro->setWordWrap(true);
    mWebhook->setObjectName(QStringLiteral("webhookEdit"));
    mWebhook->setPlaceholderText(QStringLiteral("https://hooks.example.com/services/…"));
    mWebhook->setText(service ? service->webhookUrl() : QString());
    mWebhook->setClearButtonEnabled(true);
    auto *webhookHelp = new QLabel(tr("Optional: each change is also sent there as JSON, with a Slack-compatible "
                                      "\"text\". Leave empty for none."),
        this);
    webhookHelp->setWordWrap(true);
    mError->setObjectName(QStringLiteral("webhookError"));
    mError->setWordWrap(true);
    mError->hide();
    mMuted->setObjectName(QStringLiteral("mutedList"));
    if (service) {
        QStringList keys = service->muted().values();
        keys.sort();
        mMuted->addItems(keys);
    }
    mMuted->setSelectionMode(QAbstractItemView::ExtendedSelection);
    mUnmute->setObjectName(QStringLiteral("unmuteButton"));
    connect(mUnmute, &QPushButton::clicked, this, [this] { qDeleteAll(mMuted->selectedItems()); });
    connect(mMuted, &QListWidget::itemSelectionChanged, this,
        [this] { mUnmute->setEnabled(!mMuted->selectedItems().isEmpty()); });
    mUnmute->setEnabled(false);
    auto *mutedLabel = new QLabel(tr("&Muted (right-click an entry in the fleet to mute it):"), this);
    mutedLabel->setBuddy(mMuted);
    auto *webhookLabel = new QLabel(tr("&Webhook URL:"), this);
    webhookLabel->setBuddy(mWebhook);

    connect(mWebhook, &QLineEdit::textChanged, this, &FleetSettingsDialog::check);
    connect(mButtons, &QDialogButtonBox::accepted, this, &FleetSettingsDialog::accept);
    connect(mButtons, &QDialogButtonBox::rejected, this, &FleetSettingsDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(webhookLabel, mWebhook);
    form->addRow(QString(), webhookHelp);
    form->addRow(QString(), mError);
    auto *unmuteRow = new QHBoxLayout;
    unmuteRow->addStretch(1);
    unmuteRow->addWidget(mUnmute);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(mutedLabel);
    layout->addWidget(mMuted, 1);
    layout->addLayout(unmuteRow);
    layout->addWidget(mButtons);
    resize(560, 420);
    check();
}

void FleetSettingsDialog::check()
{
    QString error;
    const bool ok = FleetService::isValidWebhookUrl(mWebhook->text(), &error);
    mError->setText(ok ? QString() : StatusStyle::badgeHtml(StatusStyle::Kind::Error, error, palette()));
    mError->setVisible(!ok);
    mButtons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

void FleetSettingsDialog::accept()
{
    if (!mService)
        return QDialog::reject();
    QString error;
    if (!mService->setWebhookUrl(mWebhook->text(), &error)) {
        check();
        return;
    }
    QSet<QString> muted;
    for (int row = 0; row < mMuted->count(); ++row)
        muted.insert(mMuted->item(row)->text());
    mService->setMuted(muted);
    Q_EMIT applied(mService->webhookUrl(), muted);
    QDialog::accept();
}
