package site

func (b *builder) splitIndex() error { return nil }
