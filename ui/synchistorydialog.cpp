// SPDX-License-Identifier: GPL-3.0-or-later
#include "synchistorydialog.h"

#include "models/synchistorymodel.h"
#include "statusstyle.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

SyncHistoryDialog::SyncHistoryDialog(const QString &name, const QList<SyncRecord> &records, QWidget *parent)
    : QDialog(parent)
    , mName(name)
    , mModel(new SyncHistoryModel(this))
{
    setObjectName(QStringLiteral("syncHistoryDialog"));
    setWindowTitle(tr("Sync history of %1").arg(name));
    mModel->setRecords(records);
    auto *intro = new QLabel(
        tr("The syncs of <b>%1</b> this computer has seen, newest first. \"Sent\" is what the rsync mover "
           "reported for that run; it is empty (—) for a failed run, or for a sync this computer did not see end "
           "(VolSync keeps only the last run's report).")
            .arg(name.toHtmlEscaped()),
        this);
    intro->setObjectName(QStringLiteral("syncHistoryIntro"));
    intro->setWordWrap(true);
    mTable = new QTableView(this);
    mTable->setObjectName(QStringLiteral("syncHistoryTable"));
    mTable->setModel(mModel);
    mTable->verticalHeader()->hide();
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->setMinimumSize(520, 240);
    mStatus = new QLabel(this);
    mStatus->setObjectName(QStringLiteral("syncHistoryStatus"));
    mStatus->setTextFormat(Qt::RichText);
    mStatus->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *exportButton = buttons->addButton(tr("&Export CSV…"), QDialogButtonBox::ActionRole);
    exportButton->setObjectName(QStringLiteral("exportCsvButton"));
    exportButton->setEnabled(mModel->rowCount() > 0);
    connect(exportButton, &QPushButton::clicked, this, &SyncHistoryDialog::exportAsked);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(mTable, 1);
    layout->addWidget(mStatus);
    layout->addWidget(buttons);
}

bool SyncHistoryDialog::exportTo(const QString &path, QString *error)
{
    QSaveFile file(path);
    const QByteArray csv = mModel->toCsv().toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
        const QString why = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        if (error)
            *error = why;
        mStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, why, palette()));
        return false;
    }
    mStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Ok,
        tr("%n sync(s) written to %1", nullptr, mModel->rowCount()).arg(QDir::toNativeSeparators(path)), palette()));
    return true;
}

void SyncHistoryDialog::exportAsked()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the sync history"),
        QDir::home().filePath(mName + QStringLiteral("-syncs.csv")), tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportTo(path);
}
