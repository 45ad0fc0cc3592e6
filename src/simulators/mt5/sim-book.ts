/**
 * The MT5 simulator's book: groups, accounts, open positions, deals, and the
 * money rules of the Web API (PROTOCOLS.md §1; doc webapi_trade_balance,
 * webapi_user_data_structure):
 * - equity = balance + credit + floating; free margin = equity − margin;
 *   margin level = equity / margin × 100 (0 without margin);
 * - a balance withdrawal above the balance, or (check_margin=1, the default)
 *   above the free margin, is 10019; a credit withdrawal above the credit is
 *   10019; more than 1e9 in one operation is 4005; a type outside 2..6 is 3.
 * Amounts are bigint minor units at the group's digits, parsed from and
 * rendered to decimal strings exactly.
 */
import { formatMt5Decimal, parseMt5Decimal } from '../../integrations/platforms/mt5/mt5-decimal';
import { MT5_RET } from '../../integrations/platforms/mt5/mt5-retcodes';

export interface Mt5SimGroup {
  /** e.g. `real\\eu-usd` */
  name: string;
  currency: string;
  /** Deposit currency digits; default 2 (0 for JPY-like currencies: pass it). */
  digits?: number;
  /** Minimum password length (≥ 8); default 8. */
  passwordMin?: number;
}

export interface SimPosition {
  id: string;
  symbol: string;
  profitMinor: bigint;
  marginMinor: bigint;
}

export interface SimAccount {
  login: string;
  group: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  country: string;
  comment: string;
  leverage: number;
  rights: bigint;
  passMain: string;
  passInvestor: string;
  registration: number;
  balanceMinor: bigint;
  creditMinor: bigint;
  positions: SimPosition[];
  /** Trade activity since the last (simulated) server restart: account/get only answers then [doc]. */
  active: boolean;
}

export interface SimDeal {
  deal: string;
  login: string;
  /** EnDealAction: 0 buy, 1 sell, 2 balance, 3 credit, 4 charge, 5 correction, 6 bonus. */
  action: number;
  /** Server time, seconds. */
  time: number;
  timeMsc: number;
  amountMinor: bigint;
  comment: string;
  symbol: string;
}

/** A refusal with an MT5 retcode. */
export class Mt5SimRetcode extends Error {
  constructor(
    readonly retcode: number,
    message = '',
  ) {
    super(message || `retcode ${retcode}`);
  }
}

export const SIM_MAX_MONEY_MAJOR = 1_000_000_000n;

export class SimBook {
  readonly groups = new Map<string, Required<Mt5SimGroup>>();
  readonly accounts = new Map<string, SimAccount>();
  readonly deals: SimDeal[] = [];
  /** The same deals by login (deal/get_batch with a login list reads only those). */
  readonly dealsByLogin = new Map<string, SimDeal[]>();
  private nextLogin: bigint;
  private nextDeal: bigint;
  private nextPosition = 1;

  constructor(
    groups: readonly Mt5SimGroup[],
    firstLogin: number,
    firstDeal: number,
    /** Server clock in ms (our clock + the server's time-zone offset). */
    private readonly serverNowMs: () => number,
  ) {
    for (const g of groups) this.addGroup(g);
    this.nextLogin = BigInt(firstLogin);
    this.nextDeal = BigInt(firstDeal);
  }

  addGroup(g: Mt5SimGroup): void {
    const digits = g.digits ?? 2;
    if (!Number.isInteger(digits) || digits < 0 || digits > 8) throw new RangeError(`group ${g.name}: bad digits`);
    this.groups.set(g.name, { name: g.name, currency: g.currency.toUpperCase(), digits, passwordMin: Math.max(8, g.passwordMin ?? 8) });
  }

  group(name: string): Required<Mt5SimGroup> | undefined {
    return this.groups.get(name);
  }

  digitsOf(account: SimAccount): number {
    return this.groups.get(account.group)?.digits ?? 2;
  }

  allocateLogin(): string {
    while (this.accounts.has(this.nextLogin.toString())) this.nextLogin += 1n;
    const login = this.nextLogin.toString();
    this.nextLogin += 1n;
    return login;
  }

  floatingMinor(a: SimAccount): bigint {
    return a.positions.reduce((sum, p) => sum + p.profitMinor, 0n);
  }

  marginMinor(a: SimAccount): bigint {
    return a.positions.reduce((sum, p) => sum + p.marginMinor, 0n);
  }

  equityMinor(a: SimAccount): bigint {
    return a.balanceMinor + a.creditMinor + this.floatingMinor(a);
  }

  freeMarginMinor(a: SimAccount): bigint {
    return this.equityMinor(a) - this.marginMinor(a);
  }

  /** `/api/trade/balance`: returns the new deal. */
  balance(login: string, type: number, amountText: string, comment: string, checkMargin: boolean): SimDeal {
    const a = this.accounts.get(login);
    if (!a) throw new Mt5SimRetcode(MT5_RET.ERR_NOTFOUND, `account ${login}`);
    if (![2, 3, 4, 5, 6].includes(type)) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS, 'bad deal type');
    const digits = this.digitsOf(a);
    let amount: bigint;
    try {
      amount = parseMt5Decimal(amountText, digits);
    } catch {
      throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS, 'bad amount');
    }
    if (amount === 0n) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS, 'zero amount');
    const magnitude = amount < 0n ? -amount : amount;
    if (magnitude > SIM_MAX_MONEY_MAJOR * 10n ** BigInt(digits)) throw new Mt5SimRetcode(MT5_RET.TRADE_MAX_MONEY);
    if (type === 3) {
      if (amount < 0n && magnitude > a.creditMinor) throw new Mt5SimRetcode(MT5_RET.REQUEST_NO_MONEY, 'credit withdrawal above the credit');
      a.creditMinor += amount;
    } else {
      if (amount < 0n) {
        if (magnitude > a.balanceMinor) throw new Mt5SimRetcode(MT5_RET.REQUEST_NO_MONEY, 'withdrawal above the balance');
        if (checkMargin && magnitude > this.freeMarginMinor(a)) throw new Mt5SimRetcode(MT5_RET.REQUEST_NO_MONEY, 'withdrawal above the free margin');
      }
      a.balanceMinor += amount;
    }
    a.active = true;
    return this.addDeal(a, type, amount, comment.slice(0, 31), '');
  }

  openPosition(login: string, position: { symbol?: string; profitMinor?: bigint; marginMinor: bigint }): string {
    const a = this.mustAccount(login);
    const id = String(this.nextPosition++);
    a.positions.push({ id, symbol: position.symbol ?? 'EURUSD', profitMinor: position.profitMinor ?? 0n, marginMinor: position.marginMinor });
    a.active = true;
    return id;
  }

  setFloatingProfit(login: string, positionId: string, profitMinor: bigint): void {
    const p = this.mustAccount(login).positions.find((x) => x.id === positionId);
    if (!p) throw new Error(`no position ${positionId} on ${login}`);
    p.profitMinor = profitMinor;
  }

  /** Closes a position: its P/L goes into the balance with a trade deal (action 1, no comment). */
  closePosition(login: string, positionId: string): SimDeal {
    const a = this.mustAccount(login);
    const index = a.positions.findIndex((x) => x.id === positionId);
    if (index < 0) throw new Error(`no position ${positionId} on ${login}`);
    const [p] = a.positions.splice(index, 1);
    a.balanceMinor += p!.profitMinor;
    return this.addDeal(a, 1, p!.profitMinor, '', p!.symbol);
  }

  /**
   * A deal made at the manager terminal (not through the Web API), e.g. a
   * balance correction or a bonus with any comment: no margin check, no
   * limit; the balance moves (type 3: the credit).
   */
  manualOperation(login: string, type: number, amountMinor: bigint, comment: string): SimDeal {
    const a = this.mustAccount(login);
    if (![2, 3, 4, 5, 6].includes(type)) throw new Error(`bad deal type ${type}`);
    if (type === 3) a.creditMinor += amountMinor;
    else a.balanceMinor += amountMinor;
    a.active = true;
    return this.addDeal(a, type, amountMinor, comment.slice(0, 31), '');
  }

  /** A deal deleted at the manager terminal, its effect on the balance (or credit) undone with it. */
  deleteDeal(dealId: string): SimDeal {
    const index = this.deals.findIndex((d) => d.deal === dealId);
    if (index < 0) throw new Error(`no deal ${dealId}`);
    const [deal] = this.deals.splice(index, 1);
    const own = this.dealsByLogin.get(deal!.login) ?? [];
    own.splice(own.indexOf(deal!), 1);
    const a = this.mustAccount(deal!.login);
    if (deal!.action === 3) a.creditMinor -= deal!.amountMinor;
    else a.balanceMinor -= deal!.amountMinor;
    return deal!;
  }

  /** A deal's amount corrected at the manager terminal; the balance (or credit) moves by the difference. */
  setDealAmount(dealId: string, amountMinor: bigint): SimDeal {
    const deal = this.deals.find((d) => d.deal === dealId);
    if (!deal) throw new Error(`no deal ${dealId}`);
    const a = this.mustAccount(deal.login);
    if (deal.action === 3) a.creditMinor += amountMinor - deal.amountMinor;
    else a.balanceMinor += amountMinor - deal.amountMinor;
    deal.amountMinor = amountMinor;
    return deal;
  }

  /**
   * Bulk seeding (benchmarks, large tests): an account as if it had been opened
   * and worked with, its deals at the given server times (seconds), its balance
   * the sum of them unless given.
   */
  seedAccount(
    account: Omit<SimAccount, 'balanceMinor' | 'creditMinor' | 'positions' | 'active'> & { balanceMinor?: bigint },
    deals: readonly { action: number; amountMinor: bigint; comment: string; time: number }[],
  ): void {
    if (!this.groups.has(account.group)) throw new Error(`no group ${account.group}`);
    if (this.accounts.has(account.login)) throw new Error(`login ${account.login} exists`);
    const a: SimAccount = { ...account, balanceMinor: 0n, creditMinor: 0n, positions: [], active: false };
    this.accounts.set(a.login, a);
    let balance = 0n;
    for (const d of deals) {
      if (d.action === 3) a.creditMinor += d.amountMinor;
      else balance += d.amountMinor;
      const deal: SimDeal = { deal: (this.nextDeal++).toString(), login: a.login, action: d.action, time: d.time, timeMsc: d.time * 1000, amountMinor: d.amountMinor, comment: d.comment.slice(0, 31), symbol: d.action <= 1 ? 'EURUSD' : '' };
      this.pushDeal(deal);
    }
    a.balanceMinor = account.balanceMinor ?? balance;
  }

  mustAccount(login: string): SimAccount {
    const a = this.accounts.get(login);
    if (!a) throw new Error(`no account ${login}`);
    return a;
  }

  private addDeal(a: SimAccount, action: number, amountMinor: bigint, comment: string, symbol: string): SimDeal {
    const ms = this.serverNowMs();
    const deal: SimDeal = { deal: (this.nextDeal++).toString(), login: a.login, action, time: Math.floor(ms / 1000), timeMsc: ms, amountMinor, comment, symbol };
    this.pushDeal(deal);
    return deal;
  }

  private pushDeal(deal: SimDeal): void {
    this.deals.push(deal);
    const own = this.dealsByLogin.get(deal.login);
    if (own) own.push(deal);
    else this.dealsByLogin.set(deal.login, [deal]);
  }

  // ------------------------------------------------------------ wire renderings (every number a string)

  userRecord(a: SimAccount): Record<string, unknown> {
    const digits = this.digitsOf(a);
    return {
      Login: a.login,
      Group: a.group,
      CertSerialNumber: '0',
      Rights: a.rights.toString(),
      Registration: String(a.registration),
      LastAccess: String(a.registration),
      LastPassChange: String(a.registration),
      Name: a.name,
      FirstName: a.firstName,
      LastName: a.lastName,
      Country: a.country,
      Email: a.email,
      Comment: a.comment,
      Leverage: String(a.leverage),
      Agent: '0',
      Balance: formatMt5Decimal(a.balanceMinor, digits),
      Credit: formatMt5Decimal(a.creditMinor, digits),
    };
  }

  accountRecord(a: SimAccount): Record<string, unknown> {
    const digits = this.digitsOf(a);
    const f = (v: bigint) => formatMt5Decimal(v, digits);
    const equity = this.equityMinor(a);
    const margin = this.marginMinor(a);
    const floating = this.floatingMinor(a);
    return {
      Login: a.login,
      CurrencyDigits: String(digits),
      Balance: f(a.balanceMinor),
      Credit: f(a.creditMinor),
      Margin: f(margin),
      MarginFree: f(equity - margin),
      MarginLevel: margin === 0n ? '0.00' : formatMt5Decimal((equity * 10_000n) / margin, 2),
      MarginLeverage: String(a.leverage),
      MarginInitial: f(0n),
      MarginMaintenance: f(0n),
      Profit: f(floating),
      Storage: f(0n),
      Floating: f(floating),
      Equity: f(equity),
      SOActivation: '0',
      SOTime: '0',
      Assets: f(0n),
      Liabilities: f(0n),
    };
  }

  dealRecord(d: SimDeal): Record<string, unknown> {
    const a = this.accounts.get(d.login);
    const digits = a ? this.digitsOf(a) : 2;
    return {
      Deal: d.deal,
      ExternalID: '',
      Login: d.login,
      Dealer: '0',
      Order: '0',
      Action: String(d.action),
      Entry: '0',
      Digits: '5',
      DigitsCurrency: String(digits),
      Time: String(d.time),
      TimeMsc: String(d.timeMsc),
      Symbol: d.symbol,
      Price: '0.00000',
      Volume: '0',
      Profit: formatMt5Decimal(d.amountMinor, digits),
      Storage: formatMt5Decimal(0n, digits),
      Commission: formatMt5Decimal(0n, digits),
      PositionID: '0',
      Comment: d.comment,
      Reason: '0',
    };
  }

  groupRecord(g: Required<Mt5SimGroup>): Record<string, unknown> {
    return {
      Group: g.name,
      Server: '1',
      PermissionsFlags: '0',
      AuthMode: '0',
      AuthPasswordMin: String(g.passwordMin),
      Company: 'Traderoom simulator',
      Currency: g.currency,
      CurrencyDigits: String(g.digits),
    };
  }
}

/**
 * MT5 group masks [doc webapi_deal_get_batch]: comma-separated, "*" any text,
 * "!" excludes ("demo*,!demoforex").
 */
export function groupMatchesMasks(group: string, masks: readonly string[]): boolean {
  const list = masks.flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
  let included = false;
  for (const mask of list) {
    const negative = mask.startsWith('!');
    const pattern = negative ? mask.slice(1) : mask;
    const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
    if (re.test(group)) {
      if (negative) return false;
      included = true;
    }
  }
  return included;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
