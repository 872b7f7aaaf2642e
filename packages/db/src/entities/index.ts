import { AccountStatement } from './AccountStatement.js';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { AuditLog } from './AuditLog.js';
import { AutomaticMessage } from './AutomaticMessage.js';
import { AutomaticMessageMember } from './AutomaticMessageMember.js';
import { AutomaticMessageSend } from './AutomaticMessageSend.js';
import { CompanyContact } from './CompanyContact.js';
import { CompanyType } from './CompanyType.js';
import { DonorPaymentChannel } from './DonorPaymentChannel.js';
import { Event } from './Event.js';
import { EventType } from './EventType.js';
import { Interaction } from './Interaction.js';
import { InstallationSecret } from './InstallationSecret.js';
import { InteractionCategory } from './InteractionCategory.js';
import { InteractionResult } from './InteractionResult.js';
import { InteractionStatus } from './InteractionStatus.js';
import { InteractionType } from './InteractionType.js';
import { Location } from './Location.js';
import { MailingConsentChange } from './MailingConsentChange.js';
import { Mailing } from './Mailing.js';
import { MailingRecipient } from './MailingRecipient.js';
import { MoneyAccount } from './MoneyAccount.js';
import { OAuthAccessToken } from './OAuthAccessToken.js';
import { OAuthApplication } from './OAuthApplication.js';
import { OAuthRefreshToken } from './OAuthRefreshToken.js';
import { OrganizationPosition } from './OrganizationPosition.js';
import { OrganizationTeam } from './OrganizationTeam.js';
import { OutboxMessage } from './OutboxMessage.js';
import { Payment } from './Payment.js';
import { PaymentStatusChange } from './PaymentStatusChange.js';
import { PdfStorage } from './PdfStorage.js';
import { Preference } from './Preference.js';
import { Profile } from './Profile.js';
import { ProfileEmail } from './ProfileEmail.js';
import { ProfileRole } from './ProfileRole.js';
import { Segment } from './Segment.js';
import { SentEmail } from './SentEmail.js';
import { PersonImport } from './PersonImport.js';
import { PersonImportMapping } from './PersonImportMapping.js';
import { PersonImportRow } from './PersonImportRow.js';
import { SignupReceipt } from './SignupReceipt.js';
import { Session } from './Session.js';
import { TaxConfirmation } from './TaxConfirmation.js';
import { TaxConfirmationFile } from './TaxConfirmationFile.js';
import { TaxConfirmationTemplate } from './TaxConfirmationTemplate.js';
import { Telephone } from './Telephone.js';
import { UserBankAccount } from './UserBankAccount.js';

export {
  AccountStatement,
  AdministrativeUnit,
  AuditLog,
  CompanyContact,
  CompanyType,
  DonorPaymentChannel,
  Event,
  EventType,
  InstallationSecret,
  Interaction,
  InteractionCategory,
  InteractionResult,
  InteractionStatus,
  InteractionType,
  Location,
  MailingConsentChange,
  Mailing,
  MailingRecipient,
  AutomaticMessage,
  AutomaticMessageMember,
  AutomaticMessageSend,
  MoneyAccount,
  OAuthAccessToken,
  OAuthApplication,
  OAuthRefreshToken,
  OrganizationPosition,
  OrganizationTeam,
  OutboxMessage,
  Payment,
  PaymentStatusChange,
  PdfStorage,
  PersonImport,
  PersonImportMapping,
  PersonImportRow,
  Preference,
  Profile,
  ProfileEmail,
  ProfileRole,
  Segment,
  SentEmail,
  Session,
  TaxConfirmation,
  TaxConfirmationFile,
  TaxConfirmationTemplate,
  SignupReceipt,
  Telephone,
  UserBankAccount,
};
export type { AccountStatementError } from './AccountStatement.js';

/** Every entity, for the ORM config (no globbing). */
export const entities = [
  AccountStatement,
  AdministrativeUnit,
  AuditLog,
  CompanyContact,
  CompanyType,
  DonorPaymentChannel,
  Event,
  EventType,
  InstallationSecret,
  Interaction,
  InteractionCategory,
  InteractionResult,
  InteractionStatus,
  InteractionType,
  Location,
  MailingConsentChange,
  Mailing,
  MailingRecipient,
  AutomaticMessage,
  AutomaticMessageMember,
  AutomaticMessageSend,
  MoneyAccount,
  OAuthAccessToken,
  OAuthApplication,
  OAuthRefreshToken,
  OrganizationPosition,
  OrganizationTeam,
  OutboxMessage,
  Payment,
  PaymentStatusChange,
  PdfStorage,
  PersonImport,
  PersonImportMapping,
  PersonImportRow,
  Preference,
  Profile,
  ProfileEmail,
  ProfileRole,
  Segment,
  SentEmail,
  Session,
  TaxConfirmation,
  TaxConfirmationFile,
  TaxConfirmationTemplate,
  SignupReceipt,
  Telephone,
  UserBankAccount,
];
