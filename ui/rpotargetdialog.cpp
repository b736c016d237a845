// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpotargetdialog.h"

#include "engine/fleetservice.h"
#include "statusstyle.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

RpoTargetDialog::RpoTargetDialog(FleetService *service, const RelationshipStore &store, const QString &relationship,
    qint64 currentSeconds, QWidget *parent)
    : QDialog(parent)
    , mService(service)
    , mStore(store)
    , mRelationship(relationship)
    , mTarget(new QLineEdit(this))
    , mError(new QLabel(this))
    , mButtons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("rpoTargetDialog"));
    setWindowTitle(tr("RPO Target of %1").arg(relationship));
    auto *intro = new QLabel(tr("How far may the copy of %1 fall behind? The fleet judges the lag against this target "
                                "instead of the schedule: late beyond twice the target, critical beyond three times. "
                                "Leave empty to judge by the schedule.")
                                 .arg(relationship.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    mTarget->setObjectName(QStringLiteral("rpoTargetEdit"));
    mTarget->setPlaceholderText(tr("e.g. 30m, 4h, 1h30m"));
    mTarget->setText(FleetService::rpoTargetText(currentSeconds));
    mTarget->setClearButtonEnabled(true);
    mError->setObjectName(QStringLiteral("rpoTargetError"));
    mError->setWordWrap(true);
    mError->hide();
    auto *label = new QLabel(tr("RPO &target:"), this);
    label->setBuddy(mTarget);
    auto *form = new QFormLayout;
    form->addRow(label, mTarget);
    form->addRow(QString(), mError);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(mButtons);
    connect(mButtons, &QDialogButtonBox::accepted, this, &RpoTargetDialog::accept);
    connect(mButtons, &QDialogButtonBox::rejected, this, &RpoTargetDialog::reject);
    if (service)
        connect(service, &FleetService::rpoTargetSet, this, [this](const QString &name, bool ok, const QString &error) {
            if (name != mRelationship || !mWriting)
                return;
            mWriting = false;
            mButtons->setEnabled(true);
            if (ok) {
                Q_EMIT targetSet(mRelationship);
                QDialog::accept();
                return;
            }
            mError->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, error, palette()));
            mError->show();
        });
    resize(460, sizeHint().height());
}

void RpoTargetDialog::accept()
{
    if (!mService || mWriting)
        return;
    mWriting = true;
    mButtons->setEnabled(false);
    mError->hide();
    mService->setRpoTarget(mStore, mRelationship, mTarget->text());
}
