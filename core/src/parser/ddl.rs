//! CREATE TABLE / INDEX / VIEW / TRIGGER / VIRTUAL TABLE, DROP and ALTER TABLE.

use super::ast::*;
use super::keywords::Kw;
use super::parser::Parser;
use super::token::Tk;
use crate::error::{Error, Result};

impl<'a> Parser<'a> {
    /// `CREATE ...` (the CREATE keyword is current).
    pub(crate) fn create(&mut self) -> Result<Stmt> {
        let start = self.pos();
        self.advance(); // CREATE
        let temp = self.eat_kw(Kw::Temp) || self.eat_kw(Kw::Temporary);
        match self.kind() {
            Tk::Kw(Kw::Table) => Ok(Stmt::CreateTable(Box::new(self.create_table(start, temp)?))),
            Tk::Kw(Kw::View) => Ok(Stmt::CreateView(Box::new(self.create_view(start, temp)?))),
            Tk::Kw(Kw::Trigger) => Ok(Stmt::CreateTrigger(Box::new(
                self.create_trigger(start, temp)?,
            ))),
            Tk::Kw(Kw::Unique) | Tk::Kw(Kw::Index) if !temp => {
                Ok(Stmt::CreateIndex(Box::new(self.create_index(start)?)))
            }
            Tk::Kw(Kw::Virtual) if !temp => Ok(Stmt::CreateVirtualTable(Box::new(
                self.create_virtual_table(start)?,
            ))),
            _ => Err(self.syntax_error()),
        }
    }

    fn create_table(&mut self, start: usize, temp: bool) -> Result<CreateTable> {
        self.advance(); // TABLE
        let if_not_exists = self.if_not_exists()?;
        let name = self.qualified_name()?;
        if self.eat_kw(Kw::As) {
            let select = self.select()?;
            return Ok(CreateTable {
                temp,
                if_not_exists,
                name,
                body: CreateTableBody::AsSelect(Box::new(select)),
                span: self.span_from(start),
            });
        }
        self.expect(Tk::LParen)?;
        let mut columns = vec![self.column_def()?];
        let mut constraints = Vec::new();
        while self.eat(Tk::Comma) {
            if self.starts_table_constraint() {
                constraints = self.table_constraints()?;
                break;
            }
            if columns.len() >= super::select::MAX_COLUMN {
                return Err(Error::sql(format!(
                    "too many columns on {}",
                    name.name.name
                )));
            }
            columns.push(self.column_def()?);
        }
        self.expect(Tk::RParen)?;
        let options = self.table_options()?;
        Ok(CreateTable {
            temp,
            if_not_exists,
            name,
            body: CreateTableBody::Columns {
                columns,
                constraints,
                options,
            },
            span: self.span_from(start),
        })
    }

    fn starts_table_constraint(&mut self) -> bool {
        matches!(
            self.kind(),
            Tk::Kw(Kw::Constraint | Kw::Primary | Kw::Unique | Kw::Check | Kw::Foreign)
        )
    }

    /// `[WITHOUT ROWID | STRICT], ...` after the closing parenthesis. As in SQLite the list
    /// may start with a comma (`) , STRICT`), and an unknown option is reported once the
    /// option is complete.
    fn table_options(&mut self) -> Result<TableOptions> {
        let mut opts = TableOptions::default();
        let t = self.peek();
        let leading_comma = t.kind == Tk::Comma;
        if !(leading_comma || t.is_kw(Kw::Without) || Self::is_nm(t)) {
            return Ok(opts);
        }
        if leading_comma {
            self.advance();
        }
        loop {
            // The option word is compared as written: `"strict"` is not STRICT.
            let without = self.eat_kw(Kw::Without);
            let t = self.peek();
            self.nm()?;
            let word = self.text(t);
            let (known, flag) = if without {
                (word.eq_ignore_ascii_case("rowid"), &mut opts.without_rowid)
            } else {
                (word.eq_ignore_ascii_case("strict"), &mut opts.strict)
            };
            if !known {
                let e = Error::sql(format!("unknown table option: {word}"));
                return Err(
                    self.error_on_reduce(e, |k| matches!(k, Tk::Comma | Tk::Semi | Tk::Eof))
                );
            }
            *flag = true;
            if !self.eat(Tk::Comma) {
                return Ok(opts);
            }
        }
    }

    /// `name [type] [constraint...]`
    pub(crate) fn column_def(&mut self) -> Result<ColumnDef> {
        let start = self.pos();
        let name = self.nm()?;
        let type_name = self.column_type()?;
        let mut constraints: Vec<ColumnConstraint> = Vec::new();
        loop {
            let before = self.pos();
            match self.column_constraint(&name)? {
                Some(c) => {
                    if let Err(e) = check_generated(&name, &constraints, &c) {
                        return Err(self.error_on_reduce(e, follows_column_constraint));
                    }
                    constraints.push(c);
                }
                // A bare `CONSTRAINT name` consumed tokens but named nothing: keep going.
                None if self.pos() != before => continue,
                None => break,
            }
        }
        Ok(ColumnDef {
            name,
            type_name,
            constraints,
            span: self.span_from(start),
        })
    }

    /// True at `GENERATED ALWAYS AS`, which starts a constraint rather than continuing a type
    /// name (otherwise `generated` and `always` are ordinary type words).
    fn at_generated_always_as(&mut self) -> bool {
        self.at_kw(Kw::Generated)
            && self.peek_nth(1).is_kw(Kw::Always)
            && self.peek_nth(2).is_kw(Kw::As)
    }

    /// A column's type name.
    fn column_type(&mut self) -> Result<Option<TypeName>> {
        let start = self.pos();
        let mut words: Vec<String> = Vec::new();
        loop {
            let t = self.peek();
            let ok = match t.kind {
                Tk::Id | Tk::QuotedId | Tk::String => true,
                Tk::Kw(Kw::Generated) => !self.at_generated_always_as(),
                Tk::Kw(k) => k.is_fallback_id(),
                _ => false,
            };
            if !ok {
                break;
            }
            self.advance();
            words.push(self.ident(t).name);
        }
        if words.is_empty() {
            return Ok(None);
        }
        let mut args = Vec::new();
        if self.eat(Tk::LParen) {
            args.push(self.signed_number_text()?);
            if self.eat(Tk::Comma) {
                args.push(self.signed_number_text()?);
            }
            self.expect(Tk::RParen)?;
        }
        Ok(Some(TypeName {
            name: words.join(" "),
            args,
            span: self.span_from(start),
        }))
    }

    /// `ON CONFLICT resolve`, if present.
    fn on_conflict_opt(&mut self) -> Result<Option<ConflictResolution>> {
        if self.at_kw(Kw::On) {
            self.advance();
            self.expect_kw(Kw::Conflict)?;
            return Ok(Some(self.resolve_type()?));
        }
        Ok(None)
    }

    /// One column constraint, or `None` at the end of the column definition.
    fn column_constraint(&mut self, column: &Ident) -> Result<Option<ColumnConstraint>> {
        // A free-standing `[NOT] DEFERRABLE ...` is accepted (and ignored) by SQLite.
        while self.at_kw(Kw::Deferrable)
            || (self.at_kw(Kw::Not) && self.peek_nth(1).is_kw(Kw::Deferrable))
        {
            self.deferrable_opt()?;
        }
        let start = self.pos();
        let name = if self.eat_kw(Kw::Constraint) {
            Some(self.nm()?)
        } else {
            None
        };
        let t = self.peek();
        let kind = match t.kind {
            Tk::Kw(Kw::Primary) => {
                self.advance();
                self.expect_kw(Kw::Key)?;
                let order = self.sort_order();
                let conflict = self.on_conflict_opt()?;
                let autoincrement = self.eat_kw(Kw::Autoincrement);
                ColumnConstraintKind::PrimaryKey {
                    order,
                    conflict,
                    autoincrement,
                }
            }
            Tk::Kw(Kw::Not) if !self.peek_nth(1).is_kw(Kw::Deferrable) => {
                self.advance();
                self.expect_kw(Kw::Null)?;
                ColumnConstraintKind::NotNull {
                    conflict: self.on_conflict_opt()?,
                }
            }
            Tk::Kw(Kw::Null) => {
                self.advance();
                ColumnConstraintKind::Null {
                    conflict: self.on_conflict_opt()?,
                }
            }
            Tk::Kw(Kw::Unique) => {
                self.advance();
                ColumnConstraintKind::Unique {
                    conflict: self.on_conflict_opt()?,
                }
            }
            Tk::Kw(Kw::Check) => {
                self.advance();
                self.expect(Tk::LParen)?;
                let e = self.expr()?;
                self.expect(Tk::RParen)?;
                ColumnConstraintKind::Check(e)
            }
            Tk::Kw(Kw::Default) => {
                self.advance();
                ColumnConstraintKind::Default(self.default_value()?)
            }
            Tk::Kw(Kw::Collate) => {
                self.advance();
                ColumnConstraintKind::Collate(self.collation_name()?)
            }
            Tk::Kw(Kw::References) => {
                self.advance();
                ColumnConstraintKind::References(self.foreign_key_clause(start)?)
            }
            Tk::Kw(Kw::Generated) | Tk::Kw(Kw::As) => {
                if self.eat_kw(Kw::Generated) {
                    self.expect_kw(Kw::Always)?;
                }
                self.expect_kw(Kw::As)?;
                let mut bad = false;
                let g = self.generated(&mut bad)?;
                if bad {
                    let e = Error::sql(format!("error in generated column \"{}\"", column.name));
                    return Err(self.error_on_reduce(e, follows_column_constraint));
                }
                g
            }
            // No constraint here. A lone `CONSTRAINT name` is accepted (and names nothing);
            // the caller sees that tokens were consumed and carries on.
            _ => return Ok(None),
        };
        Ok(Some(ColumnConstraint {
            name,
            kind,
            span: self.span_from(start),
        }))
    }

    /// `( expr ) [VIRTUAL|STORED]` after `AS`. SQLite accepts any identifier after the
    /// parenthesis syntactically; anything but an unquoted STORED/VIRTUAL is then an error
    /// (`bad_type` is set so the caller can report it for the right column).
    fn generated(&mut self, bad_type: &mut bool) -> Result<ColumnConstraintKind> {
        self.expect(Tk::LParen)?;
        let expr = self.expr()?;
        self.expect(Tk::RParen)?;
        let mut stored = false;
        let t = self.peek();
        let is_word = match t.kind {
            Tk::Id | Tk::QuotedId => true,
            Tk::Kw(k) => k.is_fallback_id(),
            _ => false,
        };
        if is_word {
            self.advance();
            let word = self.text(t);
            if word.eq_ignore_ascii_case("stored") {
                stored = true;
            } else if !word.eq_ignore_ascii_case("virtual") {
                *bad_type = true;
            }
        }
        Ok(ColumnConstraintKind::Generated { expr, stored })
    }

    /// `DEFAULT` value: a literal, a signed number, `( expr )` or a bare identifier (which
    /// SQLite stores as a string).
    fn default_value(&mut self) -> Result<Expr> {
        let t = self.peek();
        let start = t.span.start;
        match t.kind {
            // `DEFAULT (expr)`: the span is the inner expression's, which is exactly the
            // `dflt_value` text SQLite reports (`( 1 + 2 )` → `1 + 2`).
            Tk::LParen => {
                self.advance();
                let e = self.expr()?;
                self.expect(Tk::RParen)?;
                Ok(e)
            }
            Tk::Plus | Tk::Minus => {
                self.advance();
                let n = self.peek();
                if t.kind == Tk::Minus
                    && n.kind == Tk::Integer
                    && self.text(n).trim_start_matches('0') == "9223372036854775808"
                {
                    self.advance();
                    return Ok(self.mk(start, ExprKind::Literal(Literal::Integer(i64::MIN))));
                }
                let inner = self.default_term()?;
                let op = if t.kind == Tk::Minus {
                    UnaryOp::Neg
                } else {
                    UnaryOp::Pos
                };
                Ok(self.mk(
                    start,
                    ExprKind::Unary {
                        op,
                        expr: Box::new(inner),
                    },
                ))
            }
            Tk::Id | Tk::QuotedId => {
                self.advance();
                let id = self.ident(t);
                let lit = if t.kind == Tk::Id && id.matches("true") {
                    Literal::Bool(true)
                } else if t.kind == Tk::Id && id.matches("false") {
                    Literal::Bool(false)
                } else {
                    Literal::String(id.name)
                };
                Ok(self.mk(start, ExprKind::Literal(lit)))
            }
            Tk::Kw(k)
                if (k.is_fallback_id() || k == Kw::Indexed)
                    && !matches!(k, Kw::CurrentDate | Kw::CurrentTime | Kw::CurrentTimestamp) =>
            {
                self.advance();
                let id = self.ident(t);
                Ok(self.mk(start, ExprKind::Literal(Literal::String(id.name))))
            }
            _ => self.default_term(),
        }
    }

    /// A literal `term`: NULL, number, string, blob, CURRENT_*.
    fn default_term(&mut self) -> Result<Expr> {
        match self.kind() {
            Tk::Integer
            | Tk::HexInteger
            | Tk::Float
            | Tk::String
            | Tk::Blob
            | Tk::Kw(Kw::Null)
            | Tk::Kw(Kw::CurrentDate)
            | Tk::Kw(Kw::CurrentTime)
            | Tk::Kw(Kw::CurrentTimestamp) => self.literal_term(),
            _ => Err(self.syntax_error()),
        }
    }

    /// `REFERENCES` already consumed: `table [(cols)] [ON ... | MATCH ...]... [deferrable]`.
    fn foreign_key_clause(&mut self, start: usize) -> Result<ForeignKeyClause> {
        let table = self.nm()?;
        let columns = if self.at(Tk::LParen) {
            self.paren_name_list()?
        } else {
            Vec::new()
        };
        let mut fk = ForeignKeyClause {
            table,
            columns,
            on_delete: None,
            on_update: None,
            match_name: None,
            deferrable: None,
            span: Span::default(),
        };
        loop {
            if self.eat_kw(Kw::Match) {
                fk.match_name = Some(self.nm()?);
            } else if self.at_kw(Kw::On) {
                self.advance();
                let event = self.kind();
                if !matches!(event, Tk::Kw(Kw::Delete | Kw::Update | Kw::Insert)) {
                    return Err(self.syntax_error());
                }
                self.advance();
                let action = self.fk_action()?;
                match event {
                    Tk::Kw(Kw::Delete) => fk.on_delete = Some(action),
                    Tk::Kw(Kw::Update) => fk.on_update = Some(action),
                    _ => {} // `ON INSERT action` is accepted and ignored by SQLite.
                }
            } else {
                break;
            }
        }
        fk.deferrable = self.deferrable_opt()?;
        fk.span = self.span_from(start);
        Ok(fk)
    }

    fn fk_action(&mut self) -> Result<FkAction> {
        let a = match self.kind() {
            Tk::Kw(Kw::Set) => {
                self.advance();
                match self.kind() {
                    Tk::Kw(Kw::Null) => FkAction::SetNull,
                    Tk::Kw(Kw::Default) => FkAction::SetDefault,
                    _ => return Err(self.syntax_error()),
                }
            }
            Tk::Kw(Kw::Cascade) => FkAction::Cascade,
            Tk::Kw(Kw::Restrict) => FkAction::Restrict,
            Tk::Kw(Kw::No) => {
                self.advance();
                if !self.at_kw(Kw::Action) {
                    return Err(self.syntax_error());
                }
                FkAction::NoAction
            }
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        Ok(a)
    }

    /// `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`, if present.
    fn deferrable_opt(&mut self) -> Result<Option<Deferrable>> {
        let not = if self.at_kw(Kw::Not) && self.peek_nth(1).is_kw(Kw::Deferrable) {
            self.advance();
            true
        } else {
            false
        };
        if !self.eat_kw(Kw::Deferrable) {
            return Ok(None);
        }
        let initially_deferred = if self.eat_kw(Kw::Initially) {
            match self.kind() {
                Tk::Kw(Kw::Deferred) => {
                    self.advance();
                    Some(true)
                }
                Tk::Kw(Kw::Immediate) => {
                    self.advance();
                    Some(false)
                }
                _ => return Err(self.syntax_error()),
            }
        } else {
            None
        };
        Ok(Some(Deferrable {
            not,
            initially_deferred,
        }))
    }

    /// Table constraints, separated by commas or nothing at all (as SQLite allows).
    fn table_constraints(&mut self) -> Result<Vec<TableConstraint>> {
        let mut v = vec![self.table_constraint()?];
        loop {
            if self.eat(Tk::Comma) || self.starts_table_constraint() {
                v.push(self.table_constraint()?);
            } else {
                return Ok(v);
            }
        }
    }

    fn table_constraint(&mut self) -> Result<TableConstraint> {
        let mut start = self.pos();
        let mut name = None;
        // `CONSTRAINT name` may stand alone (naming nothing) or repeat; the last one names the
        // constraint that follows.
        while self.eat_kw(Kw::Constraint) {
            name = Some(self.nm()?);
            if !matches!(
                self.kind(),
                Tk::Kw(Kw::Primary | Kw::Unique | Kw::Check | Kw::Foreign | Kw::Constraint)
            ) {
                return Ok(TableConstraint {
                    name,
                    kind: TableConstraintKind::Named,
                    span: self.span_from(start),
                });
            }
            if self.at_kw(Kw::Constraint) {
                start = self.pos();
            }
        }
        let kind = match self.kind() {
            Tk::Kw(Kw::Primary) => {
                self.advance();
                self.expect_kw(Kw::Key)?;
                self.expect(Tk::LParen)?;
                let (columns, nulls) = self.index_columns()?;
                let autoincrement = self.eat_kw(Kw::Autoincrement);
                self.expect(Tk::RParen)?;
                let conflict = self.on_conflict_opt()?;
                self.refuse_nulls(nulls)?;
                TableConstraintKind::PrimaryKey {
                    columns,
                    autoincrement,
                    conflict,
                }
            }
            Tk::Kw(Kw::Unique) => {
                self.advance();
                self.expect(Tk::LParen)?;
                let (columns, nulls) = self.index_columns()?;
                self.expect(Tk::RParen)?;
                let conflict = self.on_conflict_opt()?;
                self.refuse_nulls(nulls)?;
                TableConstraintKind::Unique { columns, conflict }
            }
            Tk::Kw(Kw::Check) => {
                self.advance();
                self.expect(Tk::LParen)?;
                let e = self.expr()?;
                self.expect(Tk::RParen)?;
                self.on_conflict_opt()?;
                TableConstraintKind::Check(e)
            }
            Tk::Kw(Kw::Foreign) => {
                self.advance();
                self.expect_kw(Kw::Key)?;
                let columns = self.paren_name_list()?;
                let fk_start = self.pos();
                self.expect_kw(Kw::References)?;
                let clause = self.foreign_key_clause(fk_start)?;
                TableConstraintKind::ForeignKey { columns, clause }
            }
            _ => return Err(self.syntax_error()),
        };
        Ok(TableConstraint {
            name,
            kind,
            span: self.span_from(start),
        })
    }

    fn create_index(&mut self, start: usize) -> Result<CreateIndex> {
        let unique = self.eat_kw(Kw::Unique);
        self.expect_kw(Kw::Index)?;
        let if_not_exists = self.if_not_exists()?;
        let name = self.qualified_name()?;
        self.expect_kw(Kw::On)?;
        let table = self.nm()?;
        self.expect(Tk::LParen)?;
        let (columns, nulls) = self.index_columns()?;
        self.expect(Tk::RParen)?;
        let where_ = self.where_opt()?;
        // SQLite refuses NULLS FIRST/LAST when it builds the index, i.e. at the statement's end.
        if let Some(which) = nulls {
            let e = Error::sql(format!("unsupported use of NULLS {which}"));
            return Err(self.error_on_reduce(e, |k| k == Tk::Semi));
        }
        Ok(CreateIndex {
            unique,
            if_not_exists,
            name,
            table,
            columns,
            where_,
            span: self.span_from(start),
        })
    }

    /// `unsupported use of NULLS FIRST|LAST` for a key constraint, raised (as SQLite does) when
    /// the constraint is complete.
    fn refuse_nulls(&mut self, nulls: Option<&'static str>) -> Result<()> {
        let Some(which) = nulls else { return Ok(()) };
        let e = Error::sql(format!("unsupported use of NULLS {which}"));
        Err(self.error_on_reduce(e, |k| {
            matches!(
                k,
                Tk::Comma
                    | Tk::RParen
                    | Tk::Kw(Kw::Constraint | Kw::Primary | Kw::Unique | Kw::Check | Kw::Foreign)
            )
        }))
    }

    /// Key columns (indexes, PRIMARY KEY/UNIQUE constraints, upsert targets):
    /// `expr [COLLATE c] [ASC|DESC] [NULLS FIRST|LAST]`. SQLite's grammar accepts NULLS here
    /// and refuses it later; the first one is returned (`"FIRST"`/`"LAST"`) for the caller.
    pub(crate) fn index_columns(&mut self) -> Result<(Vec<IndexedColumn>, Option<&'static str>)> {
        let mut v = Vec::new();
        let mut nulls = None;
        loop {
            let start = self.pos();
            let expr = self.expr()?;
            let order = self.sort_order();
            if self.eat_kw(Kw::Nulls) {
                let which = match self.kind() {
                    Tk::Kw(Kw::First) => "FIRST",
                    Tk::Kw(Kw::Last) => "LAST",
                    _ => return Err(self.syntax_error()),
                };
                self.advance();
                nulls.get_or_insert(which);
            }
            v.push(IndexedColumn {
                expr,
                order,
                span: self.span_from(start),
            });
            if !self.eat(Tk::Comma) {
                return Ok((v, nulls));
            }
        }
    }

    fn create_view(&mut self, start: usize, temp: bool) -> Result<CreateView> {
        self.advance(); // VIEW
        let if_not_exists = self.if_not_exists()?;
        let name = self.qualified_name()?;
        let columns = if self.at(Tk::LParen) {
            self.eid_list()?
        } else {
            Vec::new()
        };
        self.expect_kw(Kw::As)?;
        let select = Box::new(self.select()?);
        Ok(CreateView {
            temp,
            if_not_exists,
            name,
            columns,
            select,
            span: self.span_from(start),
        })
    }

    /// `( name [COLLATE c] [ASC|DESC], ... )` of views and CTEs: SQLite parses COLLATE and
    /// a sort order there only to reject them.
    pub(crate) fn eid_list(&mut self) -> Result<Vec<Ident>> {
        self.expect(Tk::LParen)?;
        let mut v = Vec::new();
        loop {
            let raw = self.cur_text();
            let n = self.nm()?;
            let mut bad = false;
            if self.eat_kw(Kw::Collate) {
                self.collation_name()?;
                bad = true;
            }
            if self.sort_order().is_some() {
                bad = true;
            }
            if bad {
                // Reported once the list is complete, as SQLite does.
                self.eid_rest()?;
                return Err(Error::sql(format!(
                    "syntax error after column name \"{}\"",
                    raw
                )));
            }
            v.push(n);
            if !self.eat(Tk::Comma) {
                break;
            }
        }
        self.expect(Tk::RParen)?;
        Ok(v)
    }

    fn eid_rest(&mut self) -> Result<()> {
        while self.eat(Tk::Comma) {
            self.nm()?;
            if self.eat_kw(Kw::Collate) {
                self.collation_name()?;
            }
            self.sort_order();
        }
        self.expect(Tk::RParen)?;
        Ok(())
    }

    fn create_virtual_table(&mut self, start: usize) -> Result<CreateVirtualTable> {
        self.advance(); // VIRTUAL
        self.expect_kw(Kw::Table)?;
        let if_not_exists = self.if_not_exists()?;
        let name = self.qualified_name()?;
        self.expect_kw(Kw::Using)?;
        let module = self.nm()?;
        let mut args = Vec::new();
        if self.eat(Tk::LParen) {
            let mut depth = 0usize;
            let mut arg_start: Option<usize> = None;
            let mut arg_end = 0usize;
            loop {
                let t = self.peek();
                match t.kind {
                    // (SQLite takes any token here but `)` at depth 0, even `;`.)
                    Tk::Eof | Tk::Illegal => return Err(self.syntax_error()),
                    Tk::RParen if depth == 0 => {
                        if let Some(s) = arg_start {
                            args.push(self.sql[s..arg_end].to_string());
                        }
                        self.advance();
                        break;
                    }
                    Tk::Comma if depth == 0 => {
                        if let Some(s) = arg_start.take() {
                            args.push(self.sql[s..arg_end].to_string());
                        }
                        self.advance();
                        continue;
                    }
                    Tk::LParen => depth += 1,
                    Tk::RParen => depth -= 1,
                    _ => {}
                }
                self.advance();
                arg_start.get_or_insert(t.span.start);
                arg_end = t.span.end;
            }
        }
        Ok(CreateVirtualTable {
            if_not_exists,
            name,
            module,
            args,
            span: self.span_from(start),
        })
    }

    /// `DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] [schema.]name`
    pub(crate) fn drop(&mut self) -> Result<Stmt> {
        let start = self.pos();
        self.advance(); // DROP
        let kind = match self.kind() {
            Tk::Kw(Kw::Table) => DropKind::Table,
            Tk::Kw(Kw::Index) => DropKind::Index,
            Tk::Kw(Kw::View) => DropKind::View,
            Tk::Kw(Kw::Trigger) => DropKind::Trigger,
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        let if_exists = self.if_exists()?;
        let name = self.qualified_name()?;
        Ok(Stmt::Drop(Box::new(DropStmt {
            kind,
            if_exists,
            name,
            span: self.span_from(start),
        })))
    }

    /// `ALTER TABLE [schema.]name RENAME TO | RENAME [COLUMN] | ADD [COLUMN] | DROP [COLUMN]`
    pub(crate) fn alter(&mut self) -> Result<Stmt> {
        let start = self.pos();
        self.advance(); // ALTER
        self.expect_kw(Kw::Table)?;
        let name = self.qualified_name()?;
        let action = match self.kind() {
            Tk::Kw(Kw::Rename) => {
                self.advance();
                if self.eat_kw(Kw::To) {
                    AlterAction::RenameTo(self.nm()?)
                } else {
                    self.eat_kw(Kw::Column);
                    let old = self.nm()?;
                    self.expect_kw(Kw::To)?;
                    let new = self.nm()?;
                    AlterAction::RenameColumn { old, new }
                }
            }
            Tk::Kw(Kw::Add) => {
                self.advance();
                self.eat_kw(Kw::Column);
                AlterAction::AddColumn(self.column_def()?)
            }
            Tk::Kw(Kw::Drop) => {
                self.advance();
                self.eat_kw(Kw::Column);
                AlterAction::DropColumn(self.nm()?)
            }
            _ => return Err(self.syntax_error()),
        };
        Ok(Stmt::AlterTable(Box::new(AlterTable {
            name,
            action,
            span: self.span_from(start),
        })))
    }
}

/// Tokens that may follow a complete column constraint.
fn follows_column_constraint(k: Tk) -> bool {
    matches!(
        k,
        Tk::Comma
            | Tk::RParen
            | Tk::Kw(
                Kw::Constraint
                    | Kw::Primary
                    | Kw::Not
                    | Kw::Null
                    | Kw::Unique
                    | Kw::Check
                    | Kw::Default
                    | Kw::Collate
                    | Kw::References
                    | Kw::Generated
                    | Kw::As
                    | Kw::Deferrable
            )
    )
}

/// SQLite's checks when a generated-column clause meets other clauses of the same column:
/// GENERATED after DEFAULT or a second GENERATED is `error in generated column`, DEFAULT after
/// GENERATED is refused, and a generated column cannot be (or become) the PRIMARY KEY.
fn check_generated(
    column: &Ident,
    before: &[ColumnConstraint],
    new: &ColumnConstraint,
) -> Result<()> {
    let has = |f: fn(&ColumnConstraintKind) -> bool| before.iter().any(|c| f(&c.kind));
    let generated = has(|k| matches!(k, ColumnConstraintKind::Generated { .. }));
    match &new.kind {
        ColumnConstraintKind::Generated { .. } => {
            if generated || has(|k| matches!(k, ColumnConstraintKind::Default(_))) {
                return Err(Error::sql(format!(
                    "error in generated column \"{}\"",
                    column.name
                )));
            }
            if has(|k| matches!(k, ColumnConstraintKind::PrimaryKey { .. })) {
                return Err(Error::sql(
                    "generated columns cannot be part of the PRIMARY KEY",
                ));
            }
        }
        ColumnConstraintKind::Default(_) if generated => {
            return Err(Error::sql("cannot use DEFAULT on a generated column"));
        }
        ColumnConstraintKind::PrimaryKey { .. } if generated => {
            return Err(Error::sql(
                "generated columns cannot be part of the PRIMARY KEY",
            ));
        }
        _ => {}
    }
    Ok(())
}
